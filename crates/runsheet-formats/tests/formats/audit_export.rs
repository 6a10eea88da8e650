//! Audit export tests.
