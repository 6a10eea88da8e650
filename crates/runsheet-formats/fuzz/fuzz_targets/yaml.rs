//! Reads arbitrary input as a workspace file and as a checks file. Each gives a document or an error whose
//! position is inside the text; nothing panics, and with `-timeout` nothing is slow (issue 8: deep nesting took
//! 27–89 s to refuse before the guard).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // serde_norway may point one past the last line (the end of the stream); `\r` alone ends a line for it too.
    let lines = text.split(['\n', '\r']).count() + 1;
    if let Err(e) = runsheet_core::yaml_limits::check(&text) {
        assert!(e.line >= 1 && e.line <= lines && e.column >= 1, "guard at {}:{}", e.line, e.column);
    }
    match runsheet_formats::yaml::read(&text, "fuzz.yaml") {
        Ok(_) | Err(runsheet_formats::Error::Invalid { .. }) => {}
        Err(runsheet_formats::Error::Yaml { line, column, .. }) => {
            assert!(line >= 1 && line <= lines && column >= 1, "workspace file at {line}:{column}");
        }
        Err(e) => panic!("the workspace reader gave {e:?}"),
    }
    match runsheet_checks::ChecksFile::parse(&text, "fuzz.yaml") {
        Ok(_) => {}
        Err(runsheet_checks::Error::Config { line, column, .. }) => {
            assert!(line.is_none_or(|l| l >= 1 && l <= lines), "checks file at line {line:?}");
            assert!(column.is_none_or(|c| c >= 1), "checks file at column {column:?}");
        }
        Err(e) => panic!("the checks reader gave {e:?}"),
    }
});
