//! `runsheet people …`: the directory of who signs off, with their roles and public keys.

use std::io::Write;

use runsheet_store::{NewPerson, Store};

use super::{actor, print_json};
use crate::args::PeopleCommand;
use crate::output::table;

pub(crate) async fn run(store: &Store, cmd: PeopleCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match cmd {
        PeopleCommand::Add { name, principal, roles, key, actor: who } => {
            let who = actor(store, who).await?;
            let person = store.add_person(&who, NewPerson { name, principal, roles, public_key: key }).await?;
            let keys = person.keys.iter().map(|k| k.fingerprint.as_str()).collect::<Vec<_>>().join(", ");
            writeln!(
                out,
                "added {} <{}> ({}){}",
                person.name,
                person.principal,
                person.roles.join(", "),
                if keys.is_empty() { String::new() } else { format!(", key {keys}") }
            )?;
        }
        PeopleCommand::List(json) => {
            let people = store.list_people().await?;
            if json.json {
                return print_json(out, &people);
            }
            let mut rows = vec![vec!["NAME".into(), "PRINCIPAL".into(), "ROLES".into(), "KEYS".into()]];
            for p in &people {
                let keys: Vec<String> = p
                    .keys
                    .iter()
                    .map(|k| {
                        if k.revoked_at.is_some() {
                            format!("{} (revoked)", k.fingerprint)
                        } else {
                            k.fingerprint.clone()
                        }
                    })
                    .collect();
                rows.push(vec![p.name.clone(), p.principal.clone(), p.roles.join(", "), keys.join(", ")]);
            }
            write!(out, "{}", table(&rows))?;
        }
        PeopleCommand::RevokeKey { fingerprint, reason, actor: who } => {
            let who = actor(store, who).await?;
            let person = store.revoke_person_key(&who, &fingerprint, &reason).await?;
            writeln!(out, "key {fingerprint} of {} revoked", person.name)?;
        }
    }
    Ok(())
}
