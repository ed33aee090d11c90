//! A registry mutation as the operator sees it: the plan before it is applied (or instead, with
//! `--dry-run`), and the result with its undo command. Paths, reasons and documents hold registry
//! data, so every line is sanitised.

use crate::config::RegistryTarget;
use crate::error::Result;
use crate::output::json::{MutationJson, SCHEMA_VERSION};
use crate::output::{sanitize, Out};
use crate::registry::plan::Plan;

/// `1 change`, `3 changes`.
pub fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The plan as a table, and the documents it writes; on stderr when stdout carries JSON and the
/// plan is shown for a prompt.
pub fn plan(
    out: &mut Out,
    plan: &Plan,
    target: &RegistryTarget,
    dry_run: bool,
    to_stderr: bool,
) -> Result<()> {
    let mark = if dry_run { " (dry run)" } else { "" };
    let header = format!(
        "Plan for {} in {} ({}):",
        plan.service,
        target.display(),
        count(plan.ops.len(), "operation")
    );
    let rows: Vec<Vec<String>> = plan
        .ops
        .iter()
        .map(|o| {
            vec![
                o.op.as_str().to_string(),
                o.display_path.clone(),
                format!("{}{mark}", o.reason),
            ]
        })
        .collect();
    let table = super::render_table(&["op", "path", "reason"], rows, false, false);
    let contents = plan_contents(plan);
    if to_stderr {
        eprintln!("{}\n{table}", sanitize(&header));
        for l in &contents {
            eprintln!("{l}");
        }
    } else {
        out.line(&sanitize(&header))?;
        out.line(&table)?;
        for l in &contents {
            out.line(l)?;
        }
    }
    Ok(())
}

/// The result: change lines (with "(dry run)" when nothing was written), unchanged lines, undo;
/// or the JSON document of it all.
pub fn result(
    out: &mut Out,
    target: &RegistryTarget,
    plan: &Plan,
    result: &'static str,
) -> Result<()> {
    if out.is_json() {
        let doc = MutationJson {
            schema_version: SCHEMA_VERSION,
            registry: target.display(),
            result,
            dry_run: result == "dry_run",
            applied: result == "applied",
            summary: plan.summary(),
            plan: plan.clone(),
        };
        return out.json(&doc);
    }
    let mark = if result == "dry_run" {
        " (dry run)"
    } else {
        ""
    };
    for c in &plan.changes {
        if result != "unchanged" {
            out.line(&sanitize(&format!("{c}{mark}")))?;
        }
    }
    for u in &plan.unchanged {
        out.line(&sanitize(&format!("{u}: unchanged")))?;
    }
    if plan.changes.is_empty() && plan.unchanged.is_empty() {
        out.line(&sanitize(&plan.summary()))?;
    }
    if result == "applied" {
        for u in &plan.undo {
            out.line(&format!("undo: {}", sanitize(u)))?;
        }
    }
    Ok(())
}

/// What a plan writes into nodes whose data is their meaning (config-center rule documents):
/// a heading per document, then its text indented, each line sanitised (much of the text came
/// from the registry).
pub fn plan_contents(plan: &Plan) -> Vec<String> {
    let mut lines = Vec::new();
    for op in &plan.ops {
        let Some(content) = &op.content else { continue };
        lines.push(sanitize(&format!(
            "{} {}, new content:",
            op.op.as_str(),
            op.display_path
        )));
        lines.extend(content.lines().map(|l| format!("  {}", sanitize(l))));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_documents_are_shown_line_by_line_and_sanitised() {
        use crate::registry::plan::{Action, Op, OpKind};
        let op = |content: Option<&str>| Op {
            op: OpKind::SetData,
            path: "/dubbo/config/dubbo/a.B::.configurators".into(),
            display_path: "/dubbo/config/dubbo/a.B::.configurators".into(),
            url: None,
            expected_version: Some(1),
            data: Vec::new(),
            content: content.map(str::to_string),
            reason: String::new(),
        };
        let plan = Plan {
            action: Action::Disable,
            service: "a.B".into(),
            ops: vec![
                op(None),
                op(Some("key: a.B\nconfigs:\n  - x: \"evil\x1b[2J\u{202e}\"\n")),
            ],
            guards: Vec::new(),
            changes: Vec::new(),
            unchanged: Vec::new(),
            undo: Vec::new(),
            warnings: Vec::new(),
        };
        assert_eq!(
            plan_contents(&plan),
            vec![
                "set_data /dubbo/config/dubbo/a.B::.configurators, new content:",
                "  key: a.B",
                "  configs:",
                "    - x: \"evil\\x1b[2J\\u{202e}\"",
            ]
        );
    }
}
