//! The committed JSON Schema is generated from the document types, and the demo export validates against it.

use runsheet_formats::yaml;

use crate::support::store;
use crate::yaml::export_all;

const SCHEMA_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/schema/runsheet.schema.json");

/// Fails when `docs/schema/runsheet.schema.json` is stale. `RUNSHEET_UPDATE_SCHEMA=1 cargo test -p runsheet-formats
/// --test formats schema` rewrites it.
#[test]
fn committed_schema_is_up_to_date() {
    let generated = yaml::json_schema();
    if std::env::var_os("RUNSHEET_UPDATE_SCHEMA").is_some() {
        std::fs::write(SCHEMA_PATH, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(SCHEMA_PATH).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/schema/runsheet.schema.json is stale: run `RUNSHEET_UPDATE_SCHEMA=1 cargo test -p runsheet-formats --test formats schema` and commit it"
    );
}

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&yaml::json_schema()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn as_json(text: &str) -> serde_json::Value {
    serde_norway::from_str(text).unwrap()
}

#[tokio::test]
async fn the_demo_export_validates_against_the_schema() {
    let (store, _dir) = store().await;
    store.create_demo().await.unwrap();
    let text = export_all(&store).await;
    let validator = validator();
    let errors: Vec<String> = validator.iter_errors(&as_json(&text)).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn the_schema_rejects_what_the_reader_rejects() {
    let validator = validator();
    for bad in [
        "version: 2\n",
        "version: 1\nrunbok: []\n",
        "version: 1\nrunbooks:\n  - title: A\n    phases:\n      - title: P\n        steps:\n          - title: S\n            kind: nope\n",
        "version: 1\nrunbooks:\n  - title: A\n    phases:\n      - title: P\n        steps:\n          - title: S\n            planned_at: '25:99'\n",
        "version: 1\nenvironments:\n  staging:\n    tier: prod\n",
    ] {
        assert!(!validator.is_valid(&as_json(bad)), "{bad}");
        assert!(yaml::read(bad, "bad.yaml").is_err(), "{bad}");
    }
    let good = "version: 1\nenvironments:\n  staging:\n    vars:\n      base_url: \"http://127.0.0.1:18080\"\n      port: 8080\n";
    assert!(validator.is_valid(&as_json(good)));
}
