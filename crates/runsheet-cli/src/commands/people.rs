//! `runsheet people …`: the directory of who signs off, with their roles, contact details and public keys.

use std::io::Write;

use runsheet_core::ContactDetails;
use runsheet_store::{NewPerson, Store};

use super::{actor, print_json};
use crate::args::{ContactArgs, PeopleCommand};
use crate::output::table;

pub(crate) async fn run(store: &Store, cmd: PeopleCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match cmd {
        PeopleCommand::Add { name, principal, roles, key, contact, actor: who } => {
            let who = actor(store, who).await?;
            let contact = merged(ContactDetails::default(), contact);
            let new = NewPerson { name, principal, roles, public_key: key };
            let person = store.add_person_with_contact(&who, new, contact).await?;
            let keys = person.keys.iter().map(|k| k.fingerprint.as_str()).collect::<Vec<_>>().join(", ");
            writeln!(
                out,
                "added {} <{}> ({}){}{}",
                person.name,
                person.principal,
                person.roles.join(", "),
                if keys.is_empty() { String::new() } else { format!(", key {keys}") },
                if person.contact.is_empty() { String::new() } else { format!(", {}", person.contact.describe()) }
            )?;
        }
        PeopleCommand::Contact { person, contact, actor: who } => {
            let who = actor(store, who).await?;
            let current = store.find_person(&person).await?;
            let details = merged(current.contact.clone(), contact);
            let person = store.set_person_contact(&who, &current.principal, details).await?;
            let how = person.contact.describe();
            let how = if how.is_empty() { "no contact details".to_string() } else { how };
            writeln!(out, "{} <{}>: {how}", person.name, person.principal)?;
        }
        PeopleCommand::List(json) => {
            let people = store.list_people().await?;
            if json.json {
                return print_json(out, &people);
            }
            let mut rows = vec![["NAME", "PRINCIPAL", "ROLES", "CONTACT", "KEYS"].map(String::from).to_vec()];
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
                rows.push(vec![
                    p.name.clone(),
                    p.principal.clone(),
                    p.roles.join(", "),
                    p.contact.describe(),
                    keys.join(", "),
                ]);
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

/// The details given on the command line over `current`: a flag not given keeps the field, an empty one clears it
/// (the store trims and checks them).
fn merged(current: ContactDetails, given: ContactArgs) -> ContactDetails {
    ContactDetails {
        phone: given.phone.or(current.phone),
        chat: given.chat.or(current.chat),
        email: given.email.or(current.email),
    }
}
