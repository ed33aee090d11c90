//! A small registry for the reducer and rendering tests: three services, a rule, a fixed clock.

use super::event::{Counters, Event, RegistryUpdate, SourceKind, StatSample};
use super::state::TopState;
use crate::registry::diff::{Change, ChangeKind};
use crate::registry::model::{test_views, ProviderView, ServiceView};
use crate::registry::url::ServiceKey;

/// 2026-11-25T16:00:00Z
pub const T0: i64 = 1_795_622_400_000;
/// Providers registered a day before T0.
const STARTED: i64 = T0 - 86_400_000;

pub fn url(host_port: &str, iface: &str, extra: &str) -> String {
    format!(
        "dubbo://{host_port}/{iface}?application=user-app&interface={iface}&methods=getById,list&timestamp={STARTED}&warmup=0{extra}"
    )
}

pub fn views() -> Vec<ServiceView> {
    let user = "com.example.UserService";
    let order = "com.example.OrderService";
    let mut out = test_views(
        user,
        &[
            &url("10.0.0.1:20880", user, ""),
            &url("10.0.0.2:20880", user, "&weight=200"),
            &url("10.0.0.3:20880", user, ""),
        ],
        &["override://10.0.0.3:20880/com.example.UserService?category=configurators&disabled=true&dynamic=false"],
    );
    out.extend(test_views(
        order,
        &[&url(
            "10.0.1.1:20881",
            order,
            "&application=order-app&version=2.0.0&group=shop",
        )],
        &[],
    ));
    out
}

pub fn state() -> TopState {
    state_named("context test (zookeeper://127.0.0.1:2181)")
}

pub fn state_named(registry: &str) -> TopState {
    let mut s = TopState::new(registry.into(), false, T0);
    s.reduce(Event::Registry(RegistryUpdate::Loaded(views())), T0);
    s
}

pub fn user_key() -> ServiceKey {
    ServiceKey::new("com.example.UserService", None, None)
}

pub fn provider(host_port: &str) -> ProviderView {
    let iface = "com.example.UserService";
    test_views(iface, &[&url(host_port, iface, "")], &[])
        .remove(0)
        .providers
        .remove(0)
}

pub fn change(kind: ChangeKind, host_port: &str) -> Event {
    Event::Registry(RegistryUpdate::Changes(vec![Change::Provider {
        kind,
        service: user_key(),
        provider: Box::new(provider(host_port)),
        changed: vec![],
    }]))
}

pub fn telnet(address: &str, active: u64, total: u64, failed: u64) -> StatSample {
    StatSample {
        address: address.into(),
        interface: "com.example.UserService".into(),
        group: None,
        version: None,
        result: Ok(Counters {
            active,
            total: Some(total),
            failed: Some(failed),
            mean_ms: Some(2.5),
        }),
    }
}

pub fn stats(samples: Vec<StatSample>) -> Event {
    Event::Stats {
        source: SourceKind::Telnet,
        samples,
    }
}
