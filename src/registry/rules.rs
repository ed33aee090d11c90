//! Override (configurator) rules and the effective provider state a consumer computes from them.
//! Pure: follows Dubbo's `AbstractConfigurator` for registry-based `override://` URLs.

use std::borrow::Borrow;
use std::sync::Arc;

use super::url::{DubboUrl, ServiceKey, DEFAULT_WEIGHT};

/// Parameters of an override URL that select targets rather than set values.
const CONDITION_KEYS: &[&str] = &[
    "category",
    "check",
    "dynamic",
    "enabled",
    "group",
    "version",
    "application",
    "side",
    "configVersion",
    "compatible_config",
    "interfaces",
    "anyhost",
];

/// Whether, and why (not), a rule applies to a provider as svcctl (a consumer) sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleScope {
    /// Applies to this provider.
    Applies,
    /// Does not apply; the reason is shown to the operator.
    Skipped(String),
}

/// Does this `override://` rule target the given service key? Dubbo's `UrlUtils.isMatch`
/// compares group and version exactly (absent only matches absent).
pub fn rule_matches_service(rule: &DubboUrl, key: &ServiceKey) -> bool {
    // Application-scope config-center rules name `*`: every service of the application.
    if rule.interface() == "*" {
        return true;
    }
    let group_ok = match rule.group() {
        Some("*") => true,
        Some(g) => key
            .group
            .as_deref()
            .is_some_and(|kg| g.split(',').any(|x| x.trim() == kg)),
        None => key.group.is_none(),
    };
    let version_ok = match rule.version() {
        Some("*") => true,
        v => v == key.version.as_deref(),
    };
    rule.interface() == key.interface && group_ok && version_ok
}

/// Where a rule would apply, from the point of view of a consumer with application `consumer_app`.
pub fn rule_scope(rule: &DubboUrl, provider: &DubboUrl, consumer_app: Option<&str>) -> RuleScope {
    scope(rule, provider, consumer_app, true)
}

/// [`rule_scope`], with the reason for a skip written only when `explain`: the effective state
/// asks of every rule for every provider on each change, and needs only yes or no.
fn scope(
    rule: &DubboUrl,
    provider: &DubboUrl,
    consumer_app: Option<&str>,
    explain: bool,
) -> RuleScope {
    let skipped =
        |why: &dyn Fn() -> String| RuleScope::Skipped(if explain { why() } else { String::new() });
    if rule.protocol != "override" {
        return skipped(&|| format!("{}:// rules are not overrides", rule.protocol));
    }
    if rule.bool_param("enabled") == Some(false) {
        return skipped(&|| "rule has enabled=false".to_string());
    }
    if settable_params(rule).next().is_none() {
        return skipped(&|| "rule sets no parameters".to_string());
    }
    if rule.param("configVersion").is_some() && rule.param("side") == Some("provider") {
        return skipped(&|| "provider-side rule (the provider applies it and re-registers)".into());
    }
    if rule.port != 0 {
        if rule.port != provider.port {
            return skipped(&|| format!("for port {}", rule.port));
        }
        if rule.host != "0.0.0.0" && rule.host != provider.host {
            return skipped(&|| format!("for host {}", rule.host));
        }
    } else if rule.host != "0.0.0.0" {
        // A host without a port names a consumer machine, not a provider.
        return skipped(&|| format!("for consumers on host {}", rule.host));
    }
    if let Some(list) = rule.nonempty("providerAddresses") {
        let addr = provider.address();
        if !list
            .split(',')
            .any(|a| a.trim() == addr || a.trim() == "0.0.0.0")
        {
            return skipped(&|| format!("for providers {list}"));
        }
    }
    if let Some(app) = rule.application().or(rule.username.as_deref()) {
        if app != "*" && Some(app) != consumer_app {
            return skipped(&|| format!("for consumers of application {app}"));
        }
    }
    for (k, v) in &rule.params {
        let Some(target_key) = k.strip_prefix('~') else {
            continue;
        };
        if v != "*" && provider.param(target_key) != Some(v) {
            return skipped(&|| format!("condition {k}={v} does not match"));
        }
    }
    RuleScope::Applies
}

/// The parameters a rule sets on a matching provider.
pub fn settable_params(rule: &DubboUrl) -> impl Iterator<Item = (&str, &str)> {
    rule.params.iter().filter(|(k, _)| {
        !CONDITION_KEYS.contains(k) && !k.starts_with('~') && *k != "providerAddresses"
    })
}

/// Dubbo applies rules sorted by host (so `0.0.0.0` first and specific addresses win), then by
/// ascending `priority`.
fn application_order(rule: &DubboUrl) -> (&str, i32) {
    let priority = rule
        .param("priority")
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or(0);
    (rule.host.as_str(), priority)
}

/// A provider's state after the rules: what `svcctl show` reports and `invoke` balances on.
#[derive(Debug, Clone, PartialEq)]
pub struct Effective {
    /// The provider URL with every applicable rule's parameters set on it: the provider's own
    /// URL, shared, when no rule applies (the common case, and a copy per provider otherwise).
    pub url: Arc<DubboUrl>,
    pub enabled: bool,
    pub weight: i32,
    /// Indexes (into the `rules` slice given) of the rules that applied, in application order.
    pub applied: Vec<usize>,
}

/// Merges the rules into a provider URL the way a consumer's registry directory does.
pub fn effective(provider: &DubboUrl, rules: &[DubboUrl], consumer_app: Option<&str>) -> Effective {
    effective_shared(&Arc::new(provider.clone()), rules, consumer_app)
}

/// [`effective`] of a shared URL, which the result shares when no rule applies. The rules may
/// be shared too.
pub fn effective_shared<R: Borrow<DubboUrl>>(
    provider: &Arc<DubboUrl>,
    rules: &[R],
    consumer_app: Option<&str>,
) -> Effective {
    let mut merged: Option<DubboUrl> = None;
    let mut applied = Vec::new();
    if !rules.is_empty() {
        let key = provider.service_key();
        let mut ordered: Vec<(usize, &DubboUrl)> = rules
            .iter()
            .map(Borrow::borrow)
            .enumerate()
            .filter(|(_, r)| rule_matches_service(r, &key))
            .collect();
        ordered.sort_by(|(_, a), (_, b)| application_order(a).cmp(&application_order(b)));
        for (i, rule) in ordered {
            if scope(rule, provider, consumer_app, false) == RuleScope::Applies {
                let url = merged.get_or_insert_with(|| (**provider).clone());
                for (k, v) in settable_params(rule) {
                    url.set_param(k, v);
                }
                applied.push(i);
            }
        }
    }
    let url = merged.map_or_else(|| provider.clone(), Arc::new);
    let enabled = match url.param("disabled") {
        Some(d) => !d.trim().eq_ignore_ascii_case("true"),
        None => url.bool_param("enabled") != Some(false),
    };
    let weight = url.weight().unwrap_or(DEFAULT_WEIGHT);
    Effective {
        url,
        enabled,
        weight,
        applied,
    }
}

/// [`effective`] over the registry's rules, then over each config-center layer in turn (its
/// application-level, then service-level documents), the order Dubbo applies them in.
pub fn effective_layered(
    provider: &DubboUrl,
    registry_rules: &[DubboUrl],
    layers: &[(String, Vec<DubboUrl>)],
    consumer_app: Option<&str>,
) -> Effective {
    effective_layered_shared(
        &Arc::new(provider.clone()),
        registry_rules,
        layers,
        consumer_app,
    )
}

/// [`effective_layered`] of a shared URL (see [`effective_shared`]).
pub fn effective_layered_shared<R: Borrow<DubboUrl>>(
    provider: &Arc<DubboUrl>,
    registry_rules: &[R],
    layers: &[(String, Vec<DubboUrl>)],
    consumer_app: Option<&str>,
) -> Effective {
    let mut e = effective_shared(provider, registry_rules, consumer_app);
    for (_, layer) in layers {
        let next = effective_shared(&e.url, layer, consumer_app);
        e = Effective {
            applied: e.applied,
            ..next
        };
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> DubboUrl {
        DubboUrl::parse(s).unwrap()
    }

    const P: &str = "dubbo://10.0.0.5:20880/com.example.DemoService?application=demo&interface=com.example.DemoService&side=provider&weight=100";
    const P_V: &str = "dubbo://10.0.0.5:20880/com.example.DemoService?application=demo&interface=com.example.DemoService&version=1.0.0&group=g1";

    #[test]
    fn admin_disable_override_disables_that_provider_only() {
        // dubbo-admin 2.6 disable: override://ip:port/iface?disabled=true&category=configurators&dynamic=false&enabled=true
        let rule = url("override://10.0.0.5:20880/com.example.DemoService?category=configurators&disabled=true&dynamic=false&enabled=true");
        let e = effective(&url(P), std::slice::from_ref(&rule), None);
        assert!(!e.enabled);
        assert_eq!(e.applied, vec![0]);
        let other =
            url("dubbo://10.0.0.6:20880/com.example.DemoService?interface=com.example.DemoService");
        assert!(effective(&other, std::slice::from_ref(&rule), None).enabled);
        let other_port =
            url("dubbo://10.0.0.5:20881/com.example.DemoService?interface=com.example.DemoService");
        assert!(effective(&other_port, &[rule], None).enabled);
    }

    #[test]
    fn rule_with_enabled_false_is_ignored() {
        let rule = url("override://10.0.0.5:20880/com.example.DemoService?category=configurators&disabled=true&enabled=false");
        assert!(effective(&url(P), &[rule], None).enabled);
    }

    #[test]
    fn weight_override_and_specific_host_beats_anyhost() {
        let any = url("override://0.0.0.0/com.example.DemoService?category=configurators&weight=50&enabled=true");
        let one = url("override://10.0.0.5:20880/com.example.DemoService?category=configurators&weight=200&enabled=true");
        // Rules listed specific-first: the 0.0.0.0 rule must still be applied first.
        let e = effective(&url(P), &[one, any], None);
        assert_eq!(e.weight, 200);
        assert_eq!(e.applied, vec![1, 0]);
    }

    #[test]
    fn priority_orders_rules_on_same_host() {
        let hi = url("override://0.0.0.0/com.example.DemoService?weight=7&priority=2");
        let lo = url("override://0.0.0.0/com.example.DemoService?weight=3&priority=1");
        assert_eq!(effective(&url(P), &[hi, lo], None).weight, 7);
    }

    #[test]
    fn group_and_version_scope_exactly() {
        let plain = url("override://10.0.0.5:20880/com.example.DemoService?disabled=true");
        // A rule without group/version does not touch g1/…:1.0.0 (UrlUtils.isMatch).
        assert!(effective(&url(P_V), &[plain], None).enabled);
        let scoped = url("override://10.0.0.5:20880/com.example.DemoService?disabled=true&group=g1&version=1.0.0");
        assert!(!effective(&url(P_V), std::slice::from_ref(&scoped), None).enabled);
        assert!(effective(&url(P), &[scoped], None).enabled);
    }

    #[test]
    fn application_scoped_rules_only_for_that_consumer() {
        let rule = url("override://0.0.0.0/com.example.DemoService?application=billing&weight=5");
        assert_eq!(
            effective(&url(P), std::slice::from_ref(&rule), None).weight,
            100
        );
        assert_eq!(
            effective(&url(P), std::slice::from_ref(&rule), Some("billing")).weight,
            5
        );
        assert!(
            matches!(rule_scope(&rule, &url(P), None), RuleScope::Skipped(r) if r.contains("billing"))
        );
    }

    #[test]
    fn consumer_host_rule_does_not_touch_providers() {
        let rule = url("override://10.9.9.9/com.example.DemoService?disabled=true");
        assert!(effective(&url(P), &[rule], None).enabled);
    }

    #[test]
    fn tilde_conditions_and_provider_addresses() {
        let cond = url("override://0.0.0.0/com.example.DemoService?~application=demo&weight=9");
        assert_eq!(effective(&url(P), &[cond], None).weight, 9);
        let miss = url("override://0.0.0.0/com.example.DemoService?~application=other&weight=9");
        assert_eq!(effective(&url(P), &[miss], None).weight, 100);
        let pa = url(
            "override://0.0.0.0/com.example.DemoService?providerAddresses=10.0.0.5:20880&weight=11",
        );
        assert_eq!(effective(&url(P), &[pa], None).weight, 11);
        let pa_other = url(
            "override://0.0.0.0/com.example.DemoService?providerAddresses=10.0.0.7:20880&weight=11",
        );
        assert_eq!(effective(&url(P), &[pa_other], None).weight, 100);
    }

    #[test]
    fn disabled_param_wins_over_enabled_and_static_enabled_false() {
        let static_off =
            url("dubbo://10.0.0.5:20880/com.example.DemoService?dynamic=false&enabled=false");
        assert!(!effective(&static_off, &[], None).enabled);
        let reenable =
            url("override://10.0.0.5:20880/com.example.DemoService?disabled=false&enabled=true");
        assert!(effective(&static_off, &[reenable], None).enabled);
    }

    #[test]
    fn condition_keys_are_not_copied() {
        let rule = url("override://10.0.0.5:20880/com.example.DemoService?category=configurators&dynamic=false&enabled=true&timeout=5000");
        let e = effective(&url(P), &[rule], None);
        assert_eq!(e.url.param("timeout"), Some("5000"));
        assert_eq!(e.url.param("category"), None);
        assert_eq!(e.url.param("dynamic"), None);
    }

    #[test]
    fn provider_side_new_style_rules_are_left_to_the_provider() {
        let rule = url("override://10.0.0.5:20880/com.example.DemoService?configVersion=v2.7&side=provider&weight=1");
        assert_eq!(effective(&url(P), &[rule], None).weight, 100);
    }
}
