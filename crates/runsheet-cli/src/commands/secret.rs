use std::io::{Read, Write};

use anyhow::Context;
use runsheet_checks::secrets::{validate_name, Keyring};
use runsheet_store::Store;

use super::{actor_or_user, print_json};
use crate::args::SecretCommand;
use crate::output::when;

pub(crate) async fn run(store: &Store, cmd: SecretCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let keyring = Keyring::for_workspace(store.keyring_scope());
    match cmd {
        SecretCommand::Set { secret: name, actor } => {
            validate_name(&name)?;
            let mut value = String::new();
            std::io::stdin().read_to_string(&mut value).context("cannot read the secret from standard input")?;
            let value = value.trim_end_matches(['\n', '\r']).to_string();
            let actor = actor_or_user(store, actor).await?;
            let (n, v) = (name.clone(), value);
            tokio::task::spawn_blocking(move || keyring.set(&n, &v)).await??;
            store.record_secret_set(&actor, &name).await?;
            writeln!(out, "secret `{name}` stored in the OS keyring")?;
        }
        SecretCommand::Delete { secret: name, actor } => {
            validate_name(&name)?;
            let actor = actor_or_user(store, actor).await?;
            let n = name.clone();
            tokio::task::spawn_blocking(move || keyring.delete(&n)).await??;
            store.record_secret_deleted(&actor, &name).await?;
            writeln!(out, "secret `{name}` deleted from the OS keyring")?;
        }
        SecretCommand::List(json) => {
            let names = store.list_secret_names().await?;
            if json.json {
                print_json(out, &names)?;
            } else if names.is_empty() {
                writeln!(out, "no secrets stored; add one with `runsheet secret set NAME` (value on stdin)")?;
            } else {
                for s in &names {
                    writeln!(out, "{:<32} set {}", s.name, when(s.updated_at))?;
                }
            }
        }
    }
    Ok(())
}
