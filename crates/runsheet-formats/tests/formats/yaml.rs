//! YAML export and import: lossless round trips, errors that name file, line, column and field, and import rules.

use runsheet_core::demo::generated_runbook;
use runsheet_core::{RunbookKind, Tier};
use runsheet_formats::yaml::{self, Document, ImportAction};
use runsheet_store::Store;

use crate::support::{every_field_runbook, store};

pub async fn export_all(store: &Store) -> String {
    let envs = store.list_environments().await.unwrap();
    let mut summaries = store.list_runbooks().await.unwrap();
    summaries.sort_by_key(|s| s.id);
    let mut runbooks = Vec::new();
    for s in &summaries {
        runbooks.push(store.get_runbook(s.id).await.unwrap());
    }
    yaml::to_yaml(&Document::from_workspace(&envs, &runbooks)).unwrap()
}

/// Export → import into a new workspace → export, byte for byte.
async fn assert_round_trip(first: &str) {
    let (other, _dir) = store().await;
    let ws = yaml::read(first, "first.yaml").unwrap();
    yaml::import(&other, "Ada", ws).await.unwrap();
    let second = export_all(&other).await;
    assert_eq!(first, second);
}

#[tokio::test]
async fn demo_workspace_round_trips_byte_for_byte() {
    let (store, _dir) = store().await;
    store.create_demo().await.unwrap();
    let first = export_all(&store).await;
    assert!(first.starts_with("version: 1\nenvironments:\n"), "{first}");
    assert!(first.contains("title: 'Blue-green go-live: SwipeSavvy v1.2'"));
    assert!(!first.contains("id:") && !first.contains("revision") && !first.contains("created_at"));
    assert_round_trip(&first).await;
}

#[tokio::test]
async fn every_field_and_awkward_text_round_trip() {
    let (store, _dir) = store().await;
    store.create_runbook("Ada", every_field_runbook()).await.unwrap();
    let mut checklist = runsheet_core::demo::readiness_checklist();
    checklist.title = "Checklist ✓".into();
    store.create_runbook("Ada", checklist).await.unwrap();
    let first = export_all(&store).await;
    assert!(first.contains("kind: checklist"));
    assert_round_trip(&first).await;
    // And the runbook read back equals the one stored, field for field.
    let ws = yaml::read(&first, "f.yaml").unwrap();
    let mut expected = every_field_runbook();
    expected.validate().unwrap();
    assert_eq!(ws.runbooks[0].phases, expected.phases);
    assert_eq!(ws.runbooks[0].description, expected.description);
    assert_eq!(ws.runbooks[0].title, expected.title);
}

#[tokio::test]
async fn a_2000_step_runbook_round_trips() {
    let (store, _dir) = store().await;
    store.create_runbook("Ada", generated_runbook(2000)).await.unwrap();
    let first = export_all(&store).await;
    assert_eq!(first.matches("- title: Step ").count(), 2000);
    assert_round_trip(&first).await;
}

#[test]
fn the_issue_3_environment_shape_parses_with_inferred_tiers() {
    let text = "version: 1\nenvironments:\n  staging:\n    vars:\n      base_url: \"http://127.0.0.1:18080\"\n      port: 8080\n      tls: false\n  prod-eu:\n    vars: {}\n  pre-prod: {}\n  dev-local: {}\n  blue-sky: {}\n";
    let ws = yaml::read(text, "envs.yaml").unwrap();
    let tiers: Vec<(&str, Tier)> = ws.environments.iter().map(|e| (e.name.as_str(), e.tier)).collect();
    assert_eq!(
        tiers,
        [
            ("staging", Tier::Staging),
            ("prod-eu", Tier::Production),
            ("pre-prod", Tier::Staging),
            ("dev-local", Tier::Dev),
            ("blue-sky", Tier::Other)
        ]
    );
    let vars: Vec<(&str, &str)> =
        ws.environments[0].variables.iter().map(|v| (v.key.as_str(), v.value.as_str())).collect();
    assert_eq!(vars, [("base_url", "http://127.0.0.1:18080"), ("port", "8080"), ("tls", "false")]);
}

#[test]
fn defaults_fill_what_a_short_file_leaves_out() {
    let text = "version: 1\nrunbooks:\n  - title: Patch\n    phases:\n      - title: Do it\n        steps:\n          - title: Apply\n";
    let ws = yaml::read(text, "short.yaml").unwrap();
    let rb = &ws.runbooks[0];
    assert_eq!(rb.kind, RunbookKind::Runbook);
    assert_eq!(rb.phases[0].steps[0].kind, runsheet_core::StepKind::Task);
    assert!(ws.environments.is_empty());
}

fn error(text: &str) -> String {
    yaml::read(text, "plan.yaml").unwrap_err().to_string()
}

#[test]
fn errors_name_file_line_column_and_field() {
    assert_eq!(
        error("version: 1\nrunbook: []\n"),
        "plan.yaml:2:1: runbook: unknown field `runbook`, expected one of `version`, `environments`, `runbooks`, `checks`, `scorecards`"
    );
    assert_eq!(
        error("version: 2\n"),
        "plan.yaml:1:1: version: version 2 is not supported: this Runsheet reads version 1 (upgrade Runsheet to read newer files)"
    );
    let step =
        "version: 1\nrunbooks:\n  - title: A\n    phases:\n      - title: P\n        steps:\n          - title: S\n";
    assert_eq!(
        error(&format!("{step}            kind: nope\n")),
        "plan.yaml:8:19: runbooks[0].phases[0].steps[0].kind: unknown variant `nope`, expected one of `task`, `check`, `gate`, `rollout`, `wait`"
    );
    // Broken by a domain rule after parsing: still located.
    assert_eq!(
        error(&format!("{step}            planned_at: \"25:99\"\n")),
        "plan.yaml:8:25: runbooks[0].phases[0].steps[0].planned_at: `25:99` is not a time of day like 02:45"
    );
    assert_eq!(
        error(&format!("{step}            planned_at: \"01:00\"\n            planned_offset_min: 5\n")),
        "plan.yaml:9:33: runbooks[0].phases[0].steps[0].planned_offset_min: give a planned time of day or an offset from the start, not both"
    );
    assert_eq!(
        error("version: 1\nrunbooks:\n  - title: A\n    phases: []\n"),
        "plan.yaml:4:13: runbooks[0].phases: a runbook needs at least one phase"
    );
    assert_eq!(
        error(&format!("{step}  - title: A\n    phases:\n      - title: Q\n")),
        "plan.yaml:8:12: runbooks[1].title: `A` is also the title of runbooks[0]; titles must be unique in a file"
    );
    assert_eq!(
        error("version: 1\nenvironments:\n  staging:\n    vars:\n      \"bad key\": 1\n"),
        "plan.yaml:5:7: environments.staging.vars: `bad key` is not a variable name (letters, digits, _ - .)"
    );
    assert_eq!(error("version: 1\nrunbooks: [\n"), "plan.yaml:3:1: runbooks: did not find expected node content");
    assert!(error("").starts_with("plan.yaml:1:1: the file is empty"));
}

#[tokio::test]
async fn importing_twice_changes_nothing_and_an_edit_updates_in_place() {
    let (source, _d1) = store().await;
    source.create_demo().await.unwrap();
    let text = export_all(&source).await;

    let (target, _d2) = store().await;
    let first = yaml::import(&target, "Ada", yaml::read(&text, "w.yaml").unwrap()).await.unwrap();
    assert_eq!(first.count(ImportAction::Created), first.items.len());
    let events = target.list_audit(None, None, 1).await.unwrap().total;
    let again = yaml::import(&target, "Ada", yaml::read(&text, "w.yaml").unwrap()).await.unwrap();
    assert_eq!(again.count(ImportAction::Unchanged), again.items.len());
    assert_eq!(target.list_audit(None, None, 1).await.unwrap().total, events, "no audit event for no change");

    let edited = text
        .replace("BASE_URL: http://blue-env", "BASE_URL: http://blue-env-2")
        .replace("title: Health checks on green", "title: Health checks on all green hosts");
    let third = yaml::import(&target, "Ada", yaml::read(&edited, "w.yaml").unwrap()).await.unwrap();
    assert_eq!(third.count(ImportAction::Updated), 2, "{third:?}");
    let rb_id = third.items.iter().find(|i| i.kind == "runbook" && i.action == ImportAction::Updated).unwrap().id;
    let rb = target.get_runbook(rb_id).await.unwrap();
    assert_eq!(rb.revision, 2);
    let last = target.list_audit(None, None, 1).await.unwrap().events.remove(0);
    assert_eq!(last.action, "runbook.updated");
    // One step renamed: its id is new, every other step kept its identity.
    assert_eq!(last.payload["steps_added"], 1);
    assert_eq!(last.payload["steps_removed"], 1);
    assert_eq!(last.payload["steps_changed"], 0);
    assert_eq!(export_all(&target).await, edited);
}

/// The example in docs/runbook-format.md reads, so the documentation cannot drift from the format.
#[test]
fn the_documented_example_reads() {
    let doc = include_str!("../../../../docs/runbook-format.md");
    let section = &doc[doc.find("## Runbooks as YAML").unwrap()..];
    let start = section.find("```yaml\n").unwrap() + "```yaml\n".len();
    let example = &section[start..start + section[start..].find("```").unwrap()];
    let ws = yaml::read(example, "docs/runbook-format.md").unwrap();
    assert_eq!(ws.environments.len(), 2);
    assert_eq!(ws.environments[0].tier, Tier::Staging);
    assert_eq!(ws.runbooks[0].phases[0].steps[0].planned_at.as_deref(), Some("01:45"));
}

/// The templates that ship with Runsheet are workspace files: the strict reader reads each, and gives the runbook
/// the store seeds from it.
#[test]
fn the_shipped_templates_read_strictly_as_workspace_files() {
    for (id, text) in runsheet_store::templates::TEMPLATES {
        let ws = yaml::read(text, &format!("templates/{id}.yaml")).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(ws.runbooks.len(), 1, "{id}");
        let mut read = ws.runbooks[0].clone();
        read.validate().unwrap();
        assert_eq!(read.template.as_deref(), Some(id));
        assert_eq!(read, runsheet_store::templates::template(id).unwrap(), "{id}");
    }
    // A typo in a rollout block is refused by name, as in any workspace file.
    let bad = runsheet_store::templates::TEMPLATES[3].1.replacen("failure_ratio_limit", "failure_limit", 1);
    let err = yaml::read(&bad, "canary.yaml").unwrap_err().to_string();
    assert!(err.contains("failure_limit"), "{err}");
}
