//! A team workspace on PostgreSQL: setting it up ([`Store::init_team`]), making a server login a member
//! ([`Store::add_member`]), and who the connected login is ([`Store::identity`]).
//!
//! Each member connects as their own PostgreSQL login. The server says who made a change: the `members` table maps
//! a login to a person, and a trigger on the audit trail (migrations/postgres) refuses an event by anyone else. The
//! store itself records every change made over a member's connection as that member's person, whatever name its
//! caller passed, so a member's own client never trips the trigger. Privileges do the rest: members may append to
//! the audit trail but never update or delete it, and only admins may add people, keys or members.
//!
//! Every statement here is PostgreSQL's own (roles, grants): a workspace file has one user and none of this.

use runsheet_core::{AuditAction, Error as DomainError, Person};
use serde_json::json;
use tracing::instrument;

use crate::audit_log::{append, NewEvent};
use crate::db::{self, Conn, Dialect};
use crate::people::{insert_person, load_people};
use crate::{time, Error, NewPerson, Result, Store};

/// Who the connected login is in a team workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The PostgreSQL login (`session_user`).
    pub login: String,
    /// The person it is mapped to; every change made over this connection is theirs.
    pub person: Person,
    /// Whether this member may add people, keys and members.
    pub admin: bool,
}

/// A login to make a member.
#[derive(Debug, Clone)]
pub struct NewMember {
    /// The PostgreSQL login to create.
    pub login: String,
    /// Its password (sent to the server once, in `CREATE ROLE`; kept nowhere by Runsheet).
    pub password: String,
    /// The person it acts as: an existing person's principal or name, or a new person.
    pub person: MemberPerson,
    /// Whether the member may add people, keys and members.
    pub admin: bool,
}

/// The person a new member acts as.
#[derive(Debug, Clone)]
pub enum MemberPerson {
    /// Someone already in the people directory (principal or name).
    Existing(String),
    /// Someone to add to it.
    New(NewPerson),
}

/// The group roles of a team workspace's members and admins, named after its database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRoles {
    /// Every member's group role: read everything, change runs, append to the audit trail.
    pub member: String,
    /// Admins' group role (members too): may also add people, keys and members.
    pub admin: String,
}

/// Tables only admins may change; members read them.
const ADMIN_TABLES: &[&str] = &["people", "person_keys", "members"];

impl Store {
    /// Who the connected login is: `None` for a workspace file, and for a team workspace's owner or a superuser,
    /// who act as the profile says.
    pub fn identity(&self) -> Option<&Identity> {
        self.identity.as_deref()
    }

    /// The name a change is recorded under: the connected member's person on a team workspace, else `claimed`.
    pub(crate) fn actor<'a>(&'a self, claimed: &'a str) -> &'a str {
        match self.identity() {
            Some(identity) => &identity.person.name,
            None => claimed,
        }
    }

    /// Sets up a team workspace's roles and privileges, as its owner (or a superuser): the group roles, and what
    /// each may do. Safe to run again: roles that exist are kept, and the grants are made afresh.
    #[instrument(skip(self), err)]
    pub async fn init_team(&self) -> Result<TeamRoles> {
        let mut tx = self.team_write().await?;
        let database: String = db::query_scalar("SELECT current_database()::text").fetch_one(&mut tx).await?;
        let owner: bool = db::query_scalar("SELECT runsheet_is_owner(session_user)").fetch_one(&mut tx).await?;
        if !owner {
            return Err(refused("only the database's owner or a superuser can set up a team workspace"));
        }
        let roles = TeamRoles { member: format!("{database}_member"), admin: format!("{database}_admin") };
        let (member, admin) = (ident(&roles.member), ident(&roles.admin));
        for (role, extra) in [(&roles.member, String::new()), (&roles.admin, format!(" IN ROLE {member}"))] {
            let exists: bool = db::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)")
                .bind(role)
                .fetch_one(&mut tx)
                .await?;
            if !exists {
                db::query(format!("CREATE ROLE {} NOLOGIN{extra}", ident(role))).execute(&mut tx).await?;
            }
        }
        let grants = [
            format!("GRANT CONNECT ON DATABASE {} TO {member}", ident(&database)),
            format!("GRANT USAGE ON SCHEMA public TO {member}"),
            format!("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {member}"),
            format!("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {member}"),
            // The audit trail is append-only by privilege, whatever happens to its triggers.
            format!("REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM {member}"),
            format!("REVOKE INSERT, UPDATE, DELETE ON _sqlx_migrations FROM {member}"),
            format!("REVOKE INSERT, UPDATE, DELETE ON {} FROM {member}", ADMIN_TABLES.join(", ")),
            format!("GRANT INSERT, UPDATE ON {} TO {admin}", ADMIN_TABLES.join(", ")),
        ];
        for grant in grants {
            db::query(grant).execute(&mut tx).await?;
        }
        tx.commit().await?;
        tracing::info!(member = %roles.member, admin = %roles.admin, "team workspace set up");
        Ok(roles)
    }

    /// Creates a login for a member, maps it to a person (adding the person if new) and records `member.added`;
    /// for the workspace's owner or an admin with the right to create roles.
    #[instrument(skip(self, member), fields(login = %member.login), err)]
    pub async fn add_member(&self, actor: &str, member: NewMember) -> Result<Identity> {
        let actor = self.actor(actor);
        validate_login(&member.login)?;
        if member.password.chars().count() < 12 {
            return Err(DomainError::invalid("password", "a member's password needs at least 12 characters").into());
        }
        let mut tx = self.team_write().await?;
        let database: String = db::query_scalar("SELECT current_database()::text").fetch_one(&mut tx).await?;
        let roles = [format!("{database}_member"), format!("{database}_admin")];
        let ready: bool = db::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)")
            .bind(&roles[0])
            .fetch_one(&mut tx)
            .await?;
        if !ready {
            return Err(refused("this team workspace is not set up yet: run `runsheet workspace init` first"));
        }
        let taken: Option<String> = db::query_scalar("SELECT login FROM members WHERE login = $1")
            .bind(&member.login)
            .fetch_optional(&mut tx)
            .await?;
        if taken.is_some() {
            return Err(DomainError::invalid("login", format!("`{}` is already a member", member.login)).into());
        }
        let person = match member.person {
            MemberPerson::Existing(who) => crate::people::person_by_name_or_principal(&mut tx, &who).await?,
            MemberPerson::New(new) => insert_person(&mut tx, actor, new).await?,
        };
        let groups =
            if member.admin { format!("{}, {}", ident(&roles[0]), ident(&roles[1])) } else { ident(&roles[0]) };
        // The password goes into this one statement only; the pool never logs statements (db::connect_options).
        db::query(format!(
            "CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {groups}",
            ident(&member.login),
            literal(&member.password)
        ))
        .execute(&mut tx)
        .await?;
        let (_, now) = time::now();
        db::query("INSERT INTO members (login, person_id, admin, added_at) VALUES ($1, $2, $3, $4)")
            .bind(&member.login)
            .bind(person.id)
            .bind(member.admin)
            .bind(&now)
            .execute(&mut tx)
            .await?;
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::MemberAdded,
                subject: person.principal.clone(),
                run_id: None,
                payload: json!({ "login": member.login, "person": person.name, "admin": member.admin }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(Identity { login: member.login, person, admin: member.admin })
    }

    /// A write transaction on a team workspace; refused on a workspace file, which has no logins.
    async fn team_write(&self) -> Result<Conn> {
        if self.dialect() != Dialect::Postgres {
            return Err(refused("a workspace file has no members: this needs a team workspace (a PostgreSQL URL)"));
        }
        self.write().await
    }
}

/// The OS keyring secret that holds a team workspace's password, scoped by the URL without its password.
const PASSWORD_SECRET: &str = "workspace-password";

impl Store {
    /// Opens a team workspace with the password the URL carries, else the one `runsheet workspace connect` kept in
    /// the OS keyring, else none (a server that trusts local logins). A server that wants a password nobody gave
    /// gets an error that says how to give it.
    #[instrument(skip_all, fields(server = %crate::redacted(url)), err)]
    pub async fn connect_saved(url: &str) -> Result<Store> {
        let has_password = url::Url::parse(url).is_ok_and(|u| u.password().is_some());
        let saved = if has_password { None } else { saved_password(url).await? };
        match Store::connect_with_password(url, saved.as_deref()).await {
            Err(Error::Workspace(message)) if saved.is_none() && !has_password && message.contains("password") => {
                Err(Error::Workspace(format!(
                    "{message}. Keep its password in the OS keyring with `runsheet workspace connect {}` (it reads \
                     the password from standard input)",
                    crate::redacted(url)
                )))
            }
            other => other,
        }
    }

    /// Checks that `password` opens the team workspace at `url`, then keeps it in the OS keyring for
    /// [`Store::connect_saved`]. Nothing is kept if it does not open.
    #[instrument(skip_all, fields(server = %crate::redacted(url)), err)]
    pub async fn save_workspace_password(url: &str, password: &str) -> Result<Store> {
        let store = Store::connect_with_password(url, Some(password)).await?;
        let keyring = runsheet_checks::secrets::Keyring::for_workspace(store.keyring_scope());
        let password = password.to_string();
        tokio::task::spawn_blocking(move || keyring.set(PASSWORD_SECRET, &password))
            .await
            .map_err(|e| Error::Keyring(format!("the keyring task failed: {e}")))?
            .map_err(|e| Error::Keyring(e.to_string()))?;
        Ok(store)
    }
}

async fn saved_password(url: &str) -> Result<Option<String>> {
    use runsheet_checks::secrets::{Keyring, SecretSource};
    let keyring = Keyring::for_workspace(std::path::Path::new(&crate::redacted(url)));
    let found = tokio::task::spawn_blocking(move || keyring.get(PASSWORD_SECRET))
        .await
        .map_err(|e| Error::Keyring(format!("the keyring task failed: {e}")))?;
    match found {
        Ok(password) => Ok(Some(password)),
        Err(runsheet_checks::Error::MissingSecret(_)) => Ok(None),
        // No keyring on this machine: connect without a saved password, and let the server say what it wants.
        Err(e) => {
            tracing::warn!(error = %e, "no saved password could be read");
            Ok(None)
        }
    }
}

/// Who the connection's login is: its member row and person, if it is a member.
pub(crate) async fn resolve_identity(conn: &mut Conn) -> Result<Option<Identity>> {
    let row: Option<(String, i64, bool)> =
        db::query_as("SELECT m.login, m.person_id, m.admin FROM members m WHERE m.login = session_user::text")
            .fetch_optional(&mut *conn)
            .await?;
    let Some((login, person_id, admin)) = row else { return Ok(None) };
    let person = load_people(conn, Some(person_id))
        .await?
        .pop()
        .ok_or_else(|| Error::Corrupt(format!("member `{login}` is mapped to person {person_id}, who is not there")))?;
    Ok(Some(Identity { login, person, admin }))
}

fn refused(message: &str) -> Error {
    DomainError::Refused { rule: "team-workspace".into(), message: message.into() }.into()
}

/// A login: 1 to 63 lowercase letters, digits, `_`, `.` or `-`, starting with a letter or `_`.
fn validate_login(login: &str) -> Result<()> {
    let mut chars = login.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase() || c == '_');
    let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '-'));
    if first_ok && rest_ok && login.len() <= 63 {
        Ok(())
    } else {
        Err(DomainError::invalid(
            "login",
            format!("`{login}` is not a login: use 1 to 63 lowercase letters, digits, `_`, `.` or `-`, starting with a letter"),
        )
        .into())
    }
}

/// A quoted SQL identifier.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A quoted SQL string literal (standard-conforming strings, PostgreSQL's default since 9.1).
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}
