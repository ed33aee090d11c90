//! Values through `svcctl invoke` and back, against the demo provider's LedgerService (which
//! realizes arguments the way Dubbo's PojoUtils does and publishes a fastjson-shaped 2.7
//! metadata report with `$ref`s): what svcctl prints for a result it accepts as an argument,
//! numbers keep every digit and their scale, and a value that does not fit its declared Java
//! type is refused before anything is sent.
//!
//! Needs: Debian's `zookeeper` package.

mod support;

use serde_json::Value as Json;
use support::demo::DemoProcess;
use support::{svcctl, Run, ZkServer};

struct Demo {
    zk: String,
    root: String,
    provider: DemoProcess,
}

impl Demo {
    fn start(name: &str) -> Demo {
        let zk = ZkServer::shared().address();
        let root = format!("/values-{name}-{}", std::process::id());
        let provider = DemoProcess::registered(&zk, &root, "a", &[]);
        Demo { zk, root, provider }
    }

    fn run(&self, args: &[&str]) -> Run {
        let mut all = vec!["--registry", &self.zk, "--root", &self.root];
        all.extend_from_slice(args);
        svcctl(&all)
    }

    /// `invoke` that must succeed; its result.
    fn ok(&self, args: &[&str]) -> Json {
        let mut all = vec!["invoke"];
        all.extend_from_slice(args);
        let r = self.run(&all);
        assert_eq!(r.code, 0, "svcctl {all:?}: {}", r.stderr);
        r.json()
    }
}

/// A JSON number's text (serde_json keeps it verbatim with `arbitrary_precision`).
fn text(j: &Json) -> String {
    j.to_string()
}

#[test]
fn a_result_edited_and_sent_back_is_the_same_result() {
    let d = Demo::start("roundtrip");
    for id in ["1", "2"] {
        let invoice = d.ok(&["LedgerService.getInvoice", id]);
        if id == "1" {
            assert_eq!(text(&invoice["amount"]), "4210.50", "{invoice:#}");
            assert_eq!(text(&invoice["ledgerNo"]), "12345678901234567890");
            assert_eq!(invoice["issuedAt"], "2024-05-02T12:00:00.123Z");
            assert_eq!(invoice["dueAt"], "2024-06-01T12:00:00.000Z");
            assert_eq!(invoice["status"], "ISSUED");
            // A long beyond 2^53 stays exact.
            assert_eq!(text(&invoice["weights"]["risk"]), "9007199254740993");
            assert_eq!(text(&invoice["lines"][1]["price"]), "210.50");
        } else {
            assert_eq!(text(&invoice["amount"]), "12345678901234567.89");
            assert_eq!(text(&invoice["ledgerNo"]), "98765432109876543210987654321");
        }
        let mut edited = invoice.clone();
        edited["lines"][0]["qty"] = Json::from(5);
        edited["status"] = Json::from("PAID");
        edited["issuedAt"] = Json::from("2024-05-03T08:30:00.000Z");
        let arg = serde_json::to_string(&[&edited]).unwrap();
        let back = d.ok(&["LedgerService.saveInvoice", &arg]);
        assert_eq!(back, edited, "generic round trip of invoice {id}");
        // Number equality is textual: every digit and the scale made it there and back.
        assert_eq!(text(&back["amount"]), text(&invoice["amount"]));
        // The same through a typed (direct) call.
        let typed = d.ok(&["LedgerService.saveInvoice", &arg, "--direct"]);
        assert_eq!(typed, edited, "direct round trip of invoice {id}");
    }
    // Dubbo's own date form and epoch milliseconds are accepted for a Date too.
    let mut invoice = d.ok(&["LedgerService.getInvoice", "3"]);
    invoice["issuedAt"] = Json::from("2024-05-01 12:00:00");
    invoice["dueAt"] = Json::from(1_714_564_800_000i64);
    let back = d.ok(&[
        "LedgerService.saveInvoice",
        &serde_json::to_string(&[&invoice]).unwrap(),
    ]);
    assert_eq!(back["issuedAt"], "2024-05-01T12:00:00.000Z");
    assert_eq!(back["dueAt"], "2024-05-01T12:00:00.000Z");
    assert_eq!(text(&back["amount"]), "0.10");
}

#[test]
fn dates_decimals_enums_and_big_integers_as_parameters() {
    let d = Demo::start("params");
    let invoice = d.ok(&["LedgerService.getInvoice", "1"]);
    let args = serde_json::to_string(&[invoice["issuedAt"].clone(), Json::from(1000)]).unwrap();
    assert_eq!(
        d.ok(&["LedgerService.shiftDate", &args]),
        "2024-05-02T12:00:01.123Z"
    );
    let total = d.ok(&["LedgerService.total", "[[4210.50, 0.50, \"0.005\"]]"]);
    assert_eq!(text(&total), "4211.005");
    let total = d.ok(&["LedgerService.total", "[[12345678901234567.89, 0.11]]"]);
    assert_eq!(text(&total), "12345678901234568.00");
    assert_eq!(d.ok(&["LedgerService.nextStatus", "\"ISSUED\""]), "PAID");
    let neg = d.ok(&["LedgerService.negate", "[12345678901234567890]"]);
    assert_eq!(text(&neg), "-12345678901234567890");

    // Without a metadata report (--provider), --types says what the values are.
    let addr = d.provider.addr();
    let r = d.run(&[
        "invoke",
        "com.example.LedgerService:1.0.0.shiftDate",
        r#"["2024-05-01T14:00:00+02:00", 1]"#,
        "--provider",
        &addr,
        "--types",
        "java.util.Date,long",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json(), "2024-05-01T12:00:00.001Z");
}

#[test]
fn values_that_do_not_fit_are_refused_before_sending() {
    let d = Demo::start("refuse");
    let invoice = d.ok(&["LedgerService.getInvoice", "1"]);
    let before = d.provider.calls();
    let refused = |field: &str, value: Json, expect: &[&str]| {
        let mut bad = invoice.clone();
        bad[field] = value;
        let arg = serde_json::to_string(&[&bad]).unwrap();
        let r = d.run(&["invoke", "LedgerService.saveInvoice", &arg]);
        assert_eq!(r.code, 2, "{field}: {}", r.stderr);
        for e in expect {
            assert!(r.stderr.contains(e), "{field}: {e:?} not in {}", r.stderr);
        }
    };
    refused(
        "status",
        Json::from("LOST"),
        &[
            "at status",
            "com.example.InvoiceStatus",
            "DRAFT, ISSUED, PAID, VOID",
        ],
    );
    refused(
        "issuedAt",
        Json::from("yesterday"),
        &["at issuedAt", "java.util.Date"],
    );
    refused(
        "amount",
        Json::from("ten"),
        &["at amount", "java.math.BigDecimal"],
    );
    refused("priority", Json::from(40000), &["at priority", "short"]);
    refused("currency", Json::from("EUR"), &["at currency", "char"]);
    let mut lines = invoice["lines"].clone();
    lines[1]["qty"] = Json::from(1.5);
    refused("lines", lines, &["at lines[1].qty", "int"]);
    assert_eq!(d.provider.calls(), before, "nothing was sent");
}

#[test]
fn the_template_is_complete_and_valid_input() {
    let d = Demo::start("template");
    let r = d.run(&["invoke", "LedgerService.saveInvoice", "--template"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let template = r.json();
    let t = &template[0];
    // Definitions that fastjson wrote once and referenced by deep paths are all there.
    assert_eq!(t["class"], "com.example.Invoice");
    assert_eq!(t["lines"][0]["class"], "com.example.InvoiceLine");
    assert!(t["lines"][0]["price"].is_number(), "{t:#}");
    assert_eq!(t["status"], "DRAFT");
    assert_eq!(t["issuedAt"], "1970-01-01T00:00:00.000Z");
    assert!(
        r.stderr.contains(
            "[0].status: enum com.example.InvoiceStatus is one of DRAFT, ISSUED, PAID, VOID"
        ),
        "{}",
        r.stderr
    );
    let back = d.ok(&["LedgerService.saveInvoice", &r.stdout]);
    assert_eq!(back["status"], "DRAFT");
    assert_eq!(back["issuedAt"], "1970-01-01T00:00:00.000Z");
    assert_eq!(back["lines"][0]["class"], "com.example.InvoiceLine");
    for (method, want) in [
        (
            "LedgerService.shiftDate",
            Json::from("1970-01-01T00:00:00.000Z"),
        ),
        ("LedgerService.nextStatus", Json::from("ISSUED")),
    ] {
        let r = d.run(&["invoke", method, "--template"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(d.ok(&[method, &r.stdout]), want, "{method}");
    }
}
