//! Integration tests of the store against real SQLite files in temporary directories.

mod audit_trail;
mod checks;
mod demo;
mod migrations;
mod round_trip;
mod runs;
mod support;
