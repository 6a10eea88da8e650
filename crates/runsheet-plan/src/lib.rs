//! Markdown go-live plans imported as runbooks.
#![deny(missing_docs)]
