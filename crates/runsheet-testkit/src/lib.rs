//! What the tests of several crates share: real servers started on 127.0.0.1 for the test process's lifetime.
//!
//! [`process`] starts a server as a user it accepts and ends it with the test process; [`postgres`] is a real
//! PostgreSQL server (`initdb` into a temporary directory) with password logins over TCP; [`webhook`] is a webhook
//! receiver that keeps what it is sent.

pub mod postgres;
pub mod process;
pub mod webhook;
