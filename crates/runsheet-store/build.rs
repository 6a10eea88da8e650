// `sqlx::migrate!` does not notice a new migration file on its own; without this a build can silently ship a binary
// that lacks a migration.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
