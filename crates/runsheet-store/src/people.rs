//! The `people` and `person_keys` tables: the directory of who acts and who signs off, with their public keys.
//!
//! Adding a person, adding a key and revoking one each append an audit event (`person.added`,
//! `person.key_added`, `person.key_revoked`) whose payload holds the public key, so that `audit verify` can tell
//! from the chain alone which key belonged to whom, and from when to when. A person's contact details (phone,
//! chat handle, e-mail) are set with them or later (`person.contact_updated`).

use crate::db::Conn;
use runsheet_core::approval::validate_principal;
use runsheet_core::contact::ContactDetails;
use runsheet_core::AuditAction;
use runsheet_core::{Error as DomainError, Person, PersonKey, Profile};
use serde_json::json;
use tracing::instrument;

use crate::audit_log::{append, NewEvent};
use crate::db;
use crate::{time, Error, Result, Store};

/// A person to add to the directory.
#[derive(Debug, Clone)]
pub struct NewPerson {
    /// Display name.
    pub name: String,
    /// E-mail-like id, unique in the workspace.
    pub principal: String,
    /// Roles held.
    pub roles: Vec<String>,
    /// An OpenSSH public key (`ssh-ed25519 AAAA…`), for a stakeholder who signs with their own key.
    pub public_key: Option<String>,
}

#[derive(sqlx::FromRow)]
struct PersonRow {
    id: i64,
    name: String,
    principal: String,
    roles: String,
    phone: Option<String>,
    chat: Option<String>,
    email: Option<String>,
    created_at: String,
}

#[derive(sqlx::FromRow)]
struct KeyRow {
    person_id: i64,
    public_key: String,
    fingerprint: String,
    added_at: String,
    revoked_at: Option<String>,
}

fn clean_roles(roles: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in roles.into_iter().map(|r| r.trim().to_string()).filter(|r| !r.is_empty()) {
        if !out.iter().any(|o| runsheet_core::approval::same_role(o, &r)) {
            out.push(r);
        }
    }
    out
}

/// The principal given to the local profile's person when the directory has none: the name, lower-cased, with
/// dots for spaces, at `runsheet.local`.
pub fn local_principal(name: &str) -> String {
    let local: String = name
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '.' })
        .collect();
    format!("{}@runsheet.local", local.trim_matches('.'))
}

impl Store {
    /// Everyone in the directory, by name, with their keys (newest first, revoked ones included).
    #[instrument(skip(self), err)]
    pub async fn list_people(&self) -> Result<Vec<Person>> {
        let mut conn = self.pool().acquire().await?;
        load_people(&mut conn, None).await
    }

    /// The person with this principal.
    #[instrument(skip(self), err)]
    pub async fn get_person(&self, principal: &str) -> Result<Person> {
        let mut conn = self.pool().acquire().await?;
        person_by_principal(&mut conn, principal).await
    }

    /// Adds a person (and their public key, if given) and records `person.added` (and `person.key_added`).
    #[instrument(skip(self, new), fields(principal = %new.principal), err)]
    pub async fn add_person(&self, actor: &str, new: NewPerson) -> Result<Person> {
        let actor = self.actor(actor);
        self.add_person_with_contact(actor, new, ContactDetails::default()).await
    }

    /// [`Store::add_person`] with contact details (checked first, naming the bad field), which `person.added`
    /// records too.
    #[instrument(skip(self, new, contact), fields(principal = %new.principal), err)]
    pub async fn add_person_with_contact(
        &self,
        actor: &str,
        new: NewPerson,
        contact: ContactDetails,
    ) -> Result<Person> {
        let actor = self.actor(actor);
        let contact = contact.validated()?;
        let mut tx = self.write().await?;
        let person = insert_person(&mut tx, actor, new).await?;
        let person = if contact.is_empty() { person } else { update_contact(&mut tx, actor, person, contact).await? };
        tx.commit().await?;
        Ok(person)
    }

    /// Sets a person's contact details (all three: an unknown field is `None`), found by principal or by name, and
    /// records `person.contact_updated` with the new details. Checked first, naming the bad field.
    #[instrument(skip(self, contact), err)]
    pub async fn set_person_contact(&self, actor: &str, who: &str, contact: ContactDetails) -> Result<Person> {
        let actor = self.actor(actor);
        let contact = contact.validated()?;
        let mut tx = self.write().await?;
        let person = person_by_name_or_principal(&mut tx, who).await?;
        let person = update_contact(&mut tx, actor, person, contact).await?;
        tx.commit().await?;
        Ok(person)
    }

    /// The person with this principal, or else this name (without regard to case); a name two people share is
    /// refused, naming their principals.
    #[instrument(skip(self), err)]
    pub async fn find_person(&self, who: &str) -> Result<Person> {
        let mut conn = self.pool().acquire().await?;
        person_by_name_or_principal(&mut conn, who).await
    }

    /// Registers another public key to a person and records `person.key_added`.
    #[instrument(skip(self, public_key), err)]
    pub async fn add_person_key(&self, actor: &str, principal: &str, public_key: &str) -> Result<Person> {
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        let person = person_by_principal(&mut tx, principal).await?;
        insert_key(&mut tx, actor, &person, public_key).await?;
        let person = person_by_principal(&mut tx, principal).await?;
        tx.commit().await?;
        Ok(person)
    }

    /// Revokes a key by fingerprint and records `person.key_revoked`. Signatures recorded after this do not count;
    /// those recorded before still do.
    #[instrument(skip(self), err)]
    pub async fn revoke_person_key(&self, actor: &str, fingerprint: &str, reason: &str) -> Result<Person> {
        let actor = self.actor(actor);
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(DomainError::ReasonRequired("revoke a key".into()).into());
        }
        let mut tx = self.write().await?;
        let row: Option<(i64, String, Option<String>)> = db::query_as(
            "SELECT k.person_id, p.principal, k.revoked_at FROM person_keys k JOIN people p ON p.id = k.person_id
             WHERE k.fingerprint = $1",
        )
        .bind(fingerprint)
        .fetch_optional(&mut tx)
        .await?;
        let (_, principal, revoked) = row.ok_or_else(|| DomainError::NotFound(format!("key {fingerprint}")))?;
        if revoked.is_some() {
            return Err(DomainError::InvalidTransition {
                action: "revoke".into(),
                subject: format!("key {fingerprint}"),
                state: "already revoked".into(),
            }
            .into());
        }
        let event = append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::PersonKeyRevoked,
                subject: format!("person/{principal}"),
                run_id: None,
                payload: json!({ "principal": principal, "fingerprint": fingerprint, "reason": reason }),
            },
        )
        .await?;
        let at = event.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        db::query(
            "UPDATE person_keys SET revoked_at = $1, revoked_seq = $2, revoke_reason = $3 WHERE fingerprint = $4",
        )
        .bind(&at)
        .bind(event.seq)
        .bind(reason)
        .bind(fingerprint)
        .execute(&mut tx)
        .await?;
        let person = person_by_principal(&mut tx, &principal).await?;
        tx.commit().await?;
        Ok(person)
    }

    /// The directory entry of the local profile: the person of that name, added (with the profile's roles and a
    /// [`local_principal`]) if the directory has none yet. Their roles follow the profile's.
    #[instrument(skip_all, err)]
    pub async fn person_for_profile(&self, profile: &Profile) -> Result<Person> {
        let mut tx = self.write().await?;
        let id: Option<i64> = db::query_scalar("SELECT id FROM people WHERE lower(name) = lower($1) ORDER BY id")
            .bind(profile.name.trim())
            .fetch_optional(&mut tx)
            .await?;
        let person = match id {
            Some(id) => {
                let person = load_people(&mut tx, Some(id)).await?.pop().ok_or_else(|| not_found(&profile.name))?;
                let roles = clean_roles(profile.roles.clone());
                if roles != person.roles {
                    update_roles(&mut tx, &profile.name, &person, &roles).await?;
                }
                load_people(&mut tx, Some(id)).await?.pop().ok_or_else(|| not_found(&profile.name))?
            }
            None => {
                let new = NewPerson {
                    name: profile.name.clone(),
                    principal: local_principal(&profile.name),
                    roles: profile.roles.clone(),
                    public_key: None,
                };
                insert_person(&mut tx, &profile.name, new).await?
            }
        };
        tx.commit().await?;
        Ok(person)
    }
}

fn not_found(who: &str) -> Error {
    DomainError::NotFound(format!("person {who}")).into()
}

/// Writes a person's contact details (already validated) and records `person.contact_updated`.
async fn update_contact(tx: &mut Conn, actor: &str, person: Person, contact: ContactDetails) -> Result<Person> {
    let (_, now) = time::now();
    db::query("UPDATE people SET phone = $1, chat = $2, email = $3, updated_at = $4 WHERE id = $5")
        .bind(&contact.phone)
        .bind(&contact.chat)
        .bind(&contact.email)
        .bind(&now)
        .bind(person.id)
        .execute(&mut *tx)
        .await?;
    append(
        tx,
        NewEvent {
            actor,
            action: AuditAction::PersonContactUpdated,
            subject: format!("person/{}", person.principal),
            run_id: None,
            payload: json!({
                "principal": person.principal,
                "phone": contact.phone,
                "chat": contact.chat,
                "email": contact.email,
            }),
        },
    )
    .await?;
    Ok(Person { contact, ..person })
}

/// The person with this principal, or else this name (without regard to case), inside the caller's connection.
pub(crate) async fn person_by_name_or_principal(conn: &mut Conn, who: &str) -> Result<Person> {
    let who = who.trim();
    let by_principal: Option<i64> =
        db::query_scalar("SELECT id FROM people WHERE principal = $1").bind(who).fetch_optional(&mut *conn).await?;
    let id = match by_principal {
        Some(id) => id,
        None => {
            let named: Vec<(i64, String)> =
                db::query_as("SELECT id, principal FROM people WHERE lower(name) = lower($1) ORDER BY id")
                    .bind(who)
                    .fetch_all(&mut *conn)
                    .await?;
            match named.as_slice() {
                [] => return Err(not_found(who)),
                [(id, _)] => *id,
                several => {
                    let principals: Vec<&str> = several.iter().map(|(_, p)| p.as_str()).collect();
                    return Err(DomainError::invalid(
                        "person",
                        format!(
                            "{} people are named `{who}`: give a principal ({})",
                            several.len(),
                            principals.join(", ")
                        ),
                    )
                    .into());
                }
            }
        }
    };
    load_people(conn, Some(id)).await?.pop().ok_or_else(|| not_found(who))
}

async fn update_roles(tx: &mut Conn, actor: &str, person: &Person, roles: &[String]) -> Result<()> {
    let (_, now) = time::now();
    db::query("UPDATE people SET roles = $1, updated_at = $2 WHERE id = $3")
        .bind(serde_json::to_string(roles)?)
        .bind(&now)
        .bind(person.id)
        .execute(&mut *tx)
        .await?;
    append(
        tx,
        NewEvent {
            actor,
            action: AuditAction::PersonUpdated,
            subject: format!("person/{}", person.principal),
            run_id: None,
            payload: json!({ "principal": person.principal, "roles": roles }),
        },
    )
    .await?;
    Ok(())
}

pub(crate) async fn insert_person(tx: &mut Conn, actor: &str, new: NewPerson) -> Result<Person> {
    let name = new.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(DomainError::invalid("name", "give a name of 1 to 100 characters").into());
    }
    let principal = new.principal.trim().to_string();
    validate_principal(&principal)?;
    let roles = clean_roles(new.roles);
    let taken: Option<String> = db::query_scalar("SELECT name FROM people WHERE principal = $1")
        .bind(&principal)
        .fetch_optional(&mut *tx)
        .await?;
    if let Some(other) = taken {
        return Err(DomainError::invalid("principal", format!("`{principal}` is already {other}'s")).into());
    }
    let (_, now) = time::now();
    let id: i64 = db::query_scalar(
        "INSERT INTO people (name, principal, roles, created_at, updated_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&name)
    .bind(&principal)
    .bind(serde_json::to_string(&roles)?)
    .bind(&now)
    .bind(&now)
    .fetch_one(&mut *tx)
    .await?;
    append(
        tx,
        NewEvent {
            actor,
            action: AuditAction::PersonAdded,
            subject: format!("person/{principal}"),
            run_id: None,
            payload: json!({ "name": name, "principal": principal, "roles": roles }),
        },
    )
    .await?;
    let person = Person {
        id,
        name,
        principal,
        roles,
        keys: Vec::new(),
        contact: ContactDetails::default(),
        created_at: time::parse(&now)?,
    };
    if let Some(key) = new.public_key.as_deref() {
        insert_key(tx, actor, &person, key).await?;
        return person_by_principal(tx, &person.principal).await;
    }
    Ok(person)
}

/// Registers a public key to a person inside the caller's transaction and records `person.key_added`.
pub(crate) async fn insert_key(tx: &mut Conn, actor: &str, person: &Person, public_key: &str) -> Result<()> {
    let key = runsheet_signoff::parse_public_key(public_key).map_err(|e| DomainError::invalid("key", e.to_string()))?;
    let owner: Option<String> = db::query_scalar(
        "SELECT p.principal FROM person_keys k JOIN people p ON p.id = k.person_id WHERE k.fingerprint = $1",
    )
    .bind(&key.fingerprint)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(owner) = owner {
        return Err(
            DomainError::invalid("key", format!("key {} is already registered to {owner}", key.fingerprint)).into()
        );
    }
    let event = append(
        tx,
        NewEvent {
            actor,
            action: AuditAction::PersonKeyAdded,
            subject: format!("person/{}", person.principal),
            run_id: None,
            payload: json!({
                "principal": person.principal,
                "public_key": key.openssh,
                "fingerprint": key.fingerprint,
            }),
        },
    )
    .await?;
    let at = event.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    db::query(
        "INSERT INTO person_keys (person_id, public_key, fingerprint, added_at, added_seq) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(person.id)
    .bind(&key.openssh)
    .bind(&key.fingerprint)
    .bind(&at)
    .bind(event.seq)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

pub(crate) async fn person_by_principal(conn: &mut Conn, principal: &str) -> Result<Person> {
    let id: Option<i64> = db::query_scalar("SELECT id FROM people WHERE principal = $1")
        .bind(principal.trim())
        .fetch_optional(&mut *conn)
        .await?;
    let id = id.ok_or_else(|| not_found(principal))?;
    load_people(conn, Some(id)).await?.pop().ok_or_else(|| not_found(principal))
}

pub(crate) async fn load_people(conn: &mut Conn, only: Option<i64>) -> Result<Vec<Person>> {
    let rows: Vec<PersonRow> = db::query_as(
        "SELECT id, name, principal, roles, phone, chat, email, created_at FROM people WHERE $1 IS NULL OR id = $1
         ORDER BY name, id",
    )
    .bind(only)
    .fetch_all(&mut *conn)
    .await?;
    let keys: Vec<KeyRow> = db::query_as(
        "SELECT person_id, public_key, fingerprint, added_at, revoked_at FROM person_keys
         WHERE $1 IS NULL OR person_id = $1 ORDER BY id DESC",
    )
    .bind(only)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            let keys = keys
                .iter()
                .filter(|k| k.person_id == r.id)
                .map(|k| {
                    Ok(PersonKey {
                        public_key: k.public_key.clone(),
                        fingerprint: k.fingerprint.clone(),
                        added_at: time::parse(&k.added_at)?,
                        revoked_at: time::parse_opt(k.revoked_at.as_deref())?,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            Ok(Person {
                id: r.id,
                name: r.name,
                principal: r.principal,
                roles: serde_json::from_str(&r.roles)?,
                keys,
                contact: ContactDetails { phone: r.phone, chat: r.chat, email: r.email },
                created_at: time::parse(&r.created_at)?,
            })
        })
        .collect()
}
