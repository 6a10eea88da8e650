//! Integration tests of the store against real SQLite files in temporary directories.

mod audit_trail;
mod checks;
mod contacts;
mod demo;
mod gates;
mod metrics;
mod migrations;
mod rollouts;
mod round_trip;
mod runs;
mod schemas;
mod scorecards;
mod support;
mod watch;
mod windows;
