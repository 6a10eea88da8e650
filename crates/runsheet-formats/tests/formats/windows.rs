//! Change windows and freezes in the YAML format: read strictly, stored by import, written back the same.

use runsheet_formats::yaml::{self, Document, ImportAction, Schedule};
use runsheet_store::Store;

use crate::support::store;

const FILE: &str = r#"version: 1
environments:
  production:
    tier: production
    windows:
    - days:
      - tue
      - thu
      start: '22:00'
      duration: 4h
      tz: Europe/Berlin
    - days:
      - sat
      start: 06:30
      duration: 1h30m
      tz: America/New_York
    freezes:
    - from: 2026-12-20T00:00:00Z
      to: 2027-01-04T08:00:00Z
      reason: Year-end trading peak
  staging:
    tier: staging
"#;

async fn export_with_windows(store: &Store) -> String {
    let envs = store.list_environments().await.unwrap();
    let mut schedules = Vec::new();
    for e in &envs {
        let ew = store.environment_windows(e.id).await.unwrap();
        if !ew.windows.is_empty() || !ew.freezes.is_empty() {
            schedules.push(Schedule { environment: e.name.clone(), windows: ew.windows, freezes: ew.freezes });
        }
    }
    yaml::to_yaml(&Document::from_workspace(&envs, &[]).with_schedules(&schedules)).unwrap()
}

#[tokio::test]
async fn windows_and_freezes_round_trip_through_a_workspace() {
    let (store, _dir) = store().await;
    let ws = yaml::read(FILE, "envs.yaml").unwrap();
    assert_eq!(ws.schedules.len(), 1);
    assert_eq!(ws.schedules[0].windows[0].label(), "Tue, Thu 22:00–02:00 Europe/Berlin");
    assert_eq!(ws.schedules[0].windows[1].duration_min, 90);
    yaml::import(&store, "Ada", ws).await.unwrap();
    let first = export_with_windows(&store).await;
    assert!(first.contains("duration: 1h30m") && first.contains("reason: Year-end trading peak"), "{first}");
    // Import into a fresh workspace and export again: the same bytes.
    let (other, _dir2) = crate::support::store().await;
    yaml::import(&other, "Ada", yaml::read(&first, "first.yaml").unwrap()).await.unwrap();
    assert_eq!(first, export_with_windows(&other).await);
    // Importing again changes nothing; an edited window updates the environment.
    let again = yaml::import(&store, "Ada", yaml::read(&first, "first.yaml").unwrap()).await.unwrap();
    assert_eq!(again.count(ImportAction::Unchanged), 2);
    let edited = first.replace("duration: 4h", "duration: 3h");
    let summary = yaml::import(&store, "Ada", yaml::read(&edited, "edited.yaml").unwrap()).await.unwrap();
    assert_eq!(summary.items[0].action, ImportAction::Updated);
    let prod = store.list_environments().await.unwrap().into_iter().find(|e| e.name == "production").unwrap();
    assert_eq!(store.environment_windows(prod.id).await.unwrap().windows[0].duration_min, 180);
}

fn error(text: &str) -> String {
    yaml::read(text, "envs.yaml").unwrap_err().to_string()
}

#[test]
fn bad_windows_and_freezes_are_named_by_field() {
    let base = "version: 1\nenvironments:\n  production:\n    windows:\n    - days: [tue]\n      start: '22:00'\n      duration: 4h\n      tz: Europe/Berlin\n";
    yaml::read(base, "envs.yaml").unwrap();
    let e = error(&base.replace("Europe/Berlin", "Europe/Berln"));
    assert!(e.contains("environments.production.windows[0].tz") && e.contains("`Europe/Berln`"), "{e}");
    let e = error(&base.replace("[tue]", "[tue, funday]"));
    assert!(e.contains("environments.production.windows[0].days") && e.contains("`funday`"), "{e}");
    let e = error(&base.replace("'22:00'", "'24:00'"));
    assert!(e.contains("windows[0].start") && e.contains("`24:00`"), "{e}");
    let e = error(&base.replace("4h", "forever"));
    assert!(e.contains("windows[0].duration") && e.contains("`forever`"), "{e}");
    let e = error(&base.replace("      tz: Europe/Berlin\n", "      tz: Europe/Berlin\n      zone: x\n"));
    assert!(e.contains("unknown field `zone`"), "{e}");
    let freeze = "version: 1\nenvironments:\n  production:\n    freezes:\n    - from: 2026-12-20T00:00:00Z\n      to: 2026-12-19T00:00:00Z\n      reason: peak\n";
    let e = error(freeze);
    assert!(e.contains("environments.production.freezes[0].to") && e.contains("must be after `from`"), "{e}");
    let e = error(&freeze.replace("2026-12-20T00:00:00Z", "next week"));
    assert!(e.contains("freezes[0].from") && e.contains("`next week`"), "{e}");
    let e = error(&freeze.replace("      reason: peak\n", "      reason: peak\n      why: x\n"));
    assert!(e.contains("unknown field `why`"), "{e}");
}
