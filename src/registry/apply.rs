//! Reading the state a mutation plan is built from, and committing a plan as one ZooKeeper
//! multi-op.
//!
//! Concurrency: every delete/set/check carries the data version that was read, and a create
//! fails if the node appeared meanwhile, all inside one multi-op, so a plan is applied entirely
//! or not at all. The multi-op cannot check a directory's *children* version, so the directories
//! a plan was computed from ([`Guard`]s) are re-read immediately before the commit: a rule or
//! registration added or removed since the plan was read makes it stale and nothing is written.
//! The remaining window between that re-read and the commit is one round trip.

use std::collections::BTreeMap;

use futures::future::join_all;
use zookeeper_client as zk;

use super::model::{Category, InterfaceNode, Node, NodeStat};
use super::plan::{config_center, OpKind, Plan, TreeState};
use super::zk::{zk_error, Registry};
use crate::error::{Error, Result};

fn node_stat(s: &zk::Stat) -> NodeStat {
    NodeStat {
        ephemeral_owner: s.ephemeral_owner,
        ctime_ms: s.ctime,
        mtime_ms: s.mtime,
        version: s.version,
    }
}

/// Reads `<root>/<iface_node>` for planning: provider and configurator nodes with their stats,
/// consumers and routers by name, and the `cversion` of each category directory.
pub async fn read_tree(registry: &Registry, iface_node: &str) -> Result<TreeState> {
    let root = registry.root().to_string();
    let base = format!("{root}/{iface_node}");
    let client = registry.client();
    let err = |e: zk::Error, what: &str| zk_error(e, &registry.target, what);
    let exists = client
        .check_stat(&base)
        .await
        .map_err(|e| err(e, &format!("reading {base}")))?
        .is_some();
    let mut iface = InterfaceNode {
        name: iface_node.to_string(),
        ..Default::default()
    };
    let mut dirs = BTreeMap::new();
    if exists {
        for cat in Category::ALL {
            let dir = format!("{base}/{}", cat.dir());
            let (names, dir_stat) = match client.get_children(&dir).await {
                Ok(r) => r,
                Err(zk::Error::NoNode) => continue,
                Err(e) => return Err(err(e, &format!("listing {dir}"))),
            };
            dirs.insert(cat, dir_stat.cversion);
            let with_stats = matches!(cat, Category::Providers | Category::Configurators);
            let nodes = if with_stats {
                let stats = join_all(
                    names
                        .iter()
                        .map(|n| client.check_stat(&format!("{dir}/{n}"))),
                )
                .await;
                let mut nodes = Vec::with_capacity(names.len());
                for (n, s) in names.into_iter().zip(stats) {
                    match s {
                        Ok(Some(st)) => nodes.push(Node::new(n, Some(node_stat(&st)))),
                        // Gone between list and stat: it is not there to plan against.
                        Ok(None) | Err(zk::Error::NoNode) => {}
                        Err(e) => return Err(err(e, &format!("reading {dir}/{n}"))),
                    }
                }
                nodes
            } else {
                names.into_iter().map(|n| Node::new(n, None)).collect()
            };
            iface.nodes.insert(cat, nodes);
        }
    }
    Ok(TreeState {
        root,
        iface,
        exists,
        missing_parents: Vec::new(),
        dirs,
        config_center: registry.config_center_index(&mut Vec::new()).await?,
    })
}

/// [`read_tree`] with the interface's application-level providers (Dubbo 3 instances), which
/// `disable`, `enable` and `weight` change through the config center.
pub async fn read_tree_with_instances(registry: &Registry, iface_node: &str) -> Result<TreeState> {
    let mut tree = read_tree(registry, iface_node).await?;
    if let Some(iface) = registry.read_interface(iface_node, false).await? {
        tree.iface.instances = iface.instances;
    }
    Ok(tree)
}

/// The config-center state a plan for the selected providers needs, when some of them are
/// found by application; `None` when they are all registry-only.
pub async fn read_config_center_for(
    registry: &Registry,
    tree: &TreeState,
    view: &super::model::ServiceView,
    chosen: &[usize],
) -> Result<Option<config_center::ConfigCenterState>> {
    if !config_center::needed(view, chosen) {
        return Ok(None);
    }
    let paths = config_center::document_paths(&tree.root, view);
    Ok(Some(read_config_center(registry, paths).await?))
}

/// The state of an interface that is not registered yet, with the ancestors of the root that
/// are missing (an empty ZooKeeper has no `/dubbo`).
pub async fn absent_tree(registry: &Registry, interface: &str) -> Result<TreeState> {
    let mut tree = TreeState::absent(registry.root(), interface);
    let mut prefix = String::new();
    for part in registry.root().split('/').filter(|p| !p.is_empty()) {
        prefix.push('/');
        prefix.push_str(part);
        let found = registry
            .client()
            .check_stat(&prefix)
            .await
            .map_err(|e| zk_error(e, &registry.target, &format!("reading {prefix}")))?;
        if found.is_none() {
            tree.missing_parents.push(prefix.clone());
        }
    }
    Ok(tree)
}

/// Reads the config-center documents at `paths` (layer order, the service's own last, see
/// [`config_center::document_paths`]) with their data versions, and which of the service
/// document's ancestors are missing, for a plan that edits the last one.
pub async fn read_config_center(
    registry: &Registry,
    paths: Vec<String>,
) -> Result<config_center::ConfigCenterState> {
    let client = registry.client();
    let err = |e: zk::Error, what: &str| zk_error(e, &registry.target, what);
    let Some(service_path) = paths.last().cloned() else {
        return Err(Error::other("internal: no config-center path to read"));
    };
    if let Some(why) = super::url::path_problem(&service_path) {
        return Err(Error::refused(format!(
            "the service's config-center path {service_path:?} holds {why}, which ZooKeeper does not allow in a path"
        )));
    }
    let dir = format!("{}/config/dubbo", registry.root());
    if service_path.rsplit_once('/').map(|(d, _)| d) != Some(dir.as_str()) {
        return Err(Error::refused(format!(
            "the service's config-center path {service_path:?} is not a node of {dir} (its group or version holds a /)"
        )));
    }
    let mut missing_parents = Vec::new();
    let mut dir_cversion = None;
    let mut prefix = String::new();
    for part in dir.split('/').filter(|p| !p.is_empty()) {
        prefix.push('/');
        prefix.push_str(part);
        match client
            .check_stat(&prefix)
            .await
            .map_err(|e| err(e, &format!("reading {prefix}")))?
        {
            None => missing_parents.push(prefix.clone()),
            Some(s) if prefix == dir => dir_cversion = Some(s.cversion),
            Some(_) => {}
        }
    }
    let last = paths.len() - 1;
    let mut documents = Vec::with_capacity(paths.len());
    for (i, path) in paths.into_iter().enumerate() {
        // An application name ZooKeeper cannot take as a node name has no document.
        if i != last && super::url::path_problem(&path).is_some() {
            continue;
        }
        let node = match client.get_data(&path).await {
            Ok((data, stat)) => match String::from_utf8(data) {
                Ok(text) => Some((text, stat.version)),
                Err(_) if i == last => {
                    return Err(Error::refused(format!(
                        "the config-center document {path} is not UTF-8 text; svcctl will not rewrite it"
                    )))
                }
                // Dubbo cannot read it either: not a layer.
                Err(_) => continue,
            },
            Err(zk::Error::NoNode) => None,
            Err(e) => return Err(err(e, &format!("reading {path}"))),
        };
        documents.push(config_center::Document { path, node });
    }
    Ok(config_center::ConfigCenterState {
        dir,
        dir_cversion,
        missing_parents,
        documents,
    })
}

fn stale(what: String) -> Error {
    Error::conflict(format!(
        "the registry changed since the plan was made ({what}); nothing was written"
    ))
    .with_hint("re-run the command: it re-reads the registry and plans again")
}

/// ZooKeeper checks a create or delete against the ACL of the parent, and a data change
/// against the node's own: name the node whose ACL said no, and how to get the right.
fn denied(registry: &Registry, op: Option<&super::plan::Op>, what: &str) -> Error {
    let acl_node = match op {
        Some(o) if matches!(o.op, OpKind::Create | OpKind::Delete) => o
            .path
            .rsplit_once('/')
            .map_or(o.path.clone(), |(parent, _)| parent.to_string()),
        Some(o) => o.path.clone(),
        None => "a node of the plan".to_string(),
    };
    let who = if registry.target.digest.is_some() {
        "the digest credentials in use do not have"
    } else {
        "no credentials were given, and anonymous access does not have"
    };
    Error::refused(format!(
        "ZooKeeper refused the change: the ACL of {acl_node} does not allow it ({what}); {who} that right; nothing was written"
    ))
    .with_hint(if registry.target.digest.is_some() {
        "use a context whose digest user may change this node (`svcctl context set NAME --server ... --digest user:password`), or ask the registry's owner to grant it"
    } else {
        "set digest credentials: `svcctl context set NAME --server ... --digest user:password` and pass --context NAME, or use zookeeper://user:password@host:port"
    })
}

/// Commits `plan` atomically. A version or existence mismatch anywhere means someone else
/// changed the registry since it was read: [`Error::Conflict`] (exit 8), nothing written.
pub async fn apply(registry: &Registry, plan: &Plan) -> Result<()> {
    let client = registry.client();
    let err = |e: zk::Error, what: &str| zk_error(e, &registry.target, what);
    for g in &plan.guards {
        let now = client
            .check_stat(&g.path)
            .await
            .map_err(|e| err(e, &format!("reading {}", g.path)))?
            .map(|s| s.cversion);
        if now != g.cversion {
            return Err(stale(format!("children of {} changed", g.path)));
        }
    }
    let mut writer = client.new_multi_writer();
    let create = zk::CreateMode::Persistent.with_acls(zk::Acls::anyone_all());
    for op in &plan.ops {
        let added = match op.op {
            OpKind::Create => writer.add_create(&op.path, &op.data, &create),
            OpKind::Delete => writer.add_delete(&op.path, op.expected_version),
            OpKind::SetData => writer.add_set_data(&op.path, &op.data, op.expected_version),
            OpKind::Check => writer.add_check_version(&op.path, op.expected_version.unwrap_or(-1)),
        };
        added.map_err(|e| {
            Error::other(format!("invalid ZooKeeper path {}: {e}", op.display_path))
        })?;
    }
    match writer.commit().await {
        Ok(_) => Ok(()),
        Err(zk::MultiWriteError::OperationFailed { index, source }) => {
            let op = plan.ops.get(index);
            let what = op
                .map(|o| format!("{} {}", o.op.as_str(), o.display_path))
                .unwrap_or_else(|| format!("operation {index}"));
            match source {
                zk::Error::NodeExists => Err(stale(format!("{what}: node already exists"))),
                zk::Error::NoNode => Err(stale(format!("{what}: node no longer exists"))),
                zk::Error::BadVersion => Err(stale(format!("{what}: node was modified"))),
                zk::Error::NotEmpty => Err(stale(format!("{what}: node has children"))),
                zk::Error::NoAuth => Err(denied(registry, op, &what)),
                other => Err(err(other, &format!("applying the plan ({what}); nothing was written"))),
            }
        }
        Err(zk::MultiWriteError::RequestFailed { source }) => Err(err(
            source,
            "applying the plan (the outcome is unknown: check with `svcctl show`; re-running is safe)",
        )),
    }
}
