//! Properties over arbitrary input: an import never panics, and what it gives always saves as a valid runbook.

use proptest::prelude::*;
use runsheet_plan::{import_bytes, to_runbook};

/// Pieces of Markdown that the importer gives meaning to, to build plans that hit its paths.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("# ".to_string()),
        Just("## Phase 2: ".to_string()),
        Just("#### Step 1.1: ".to_string()),
        Just("- [ ] ".to_string()),
        Just("- [x] ".to_string()),
        Just("  - ".to_string()),
        Just("1. ".to_string()),
        Just("> ".to_string()),
        Just("```bash\n".to_string()),
        Just("```\n".to_string()),
        Just("| Time | Activity | Owner | Duration |\n|---|---|---|---|\n".to_string()),
        Just("| Role | Name | Approval |\n|--|--|--|\n".to_string()),
        Just("| Metric | Target |\n|-|-|\n".to_string()),
        Just("| 02:00 | Deploy | DBA | 1h 30m |\n".to_string()),
        Just("| T+30 | | | - |\n".to_string()),
        Just("### GO Criteria\n".to_string()),
        Just("### NO-GO\n".to_string()),
        Just("**Checklist:**\n".to_string()),
        Just("ğŸš€ âœ… ðŸ â€ Ã ï¸ âŒ ".to_string()),
        Just("✅ ❌ 🎯 ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        "[a-zA-Z0-9 :.()-]{0,20}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(plan) = import_bytes(&bytes, "fuzz.md") {
            let mut runbook = to_runbook(&plan);
            prop_assert!(runbook.validate().is_ok(), "{:?}", runbook.validate());
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        if let Ok(plan) = import_bytes(text.as_bytes(), "fuzz.md") {
            prop_assert!(to_runbook(&plan).validate().is_ok());
        }
    }

    #[test]
    fn markdown_like_plans_import_and_save(parts in proptest::collection::vec(fragment(), 0..60)) {
        let text = parts.concat();
        match import_bytes(text.as_bytes(), "fuzz.md") {
            Ok(plan) => {
                let mut runbook = to_runbook(&plan);
                prop_assert!(runbook.validate().is_ok(), "{:?}\n{text}", runbook.validate());
                // Every task item becomes a step: count the boxes pulldown-cmark would see as list items is hard,
                // so check the weaker bound that steps never exceed the lines of the file plus table rows.
                prop_assert!(plan.step_count() <= text.lines().count() + 1);
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}
