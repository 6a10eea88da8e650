//! The `profile` table: the one local user of this workspace.

use runsheet_core::AuditAction;
use runsheet_core::Profile;
use serde_json::json;
use tracing::instrument;

use crate::audit_log::{append, NewEvent};
use crate::db;
use crate::{time, Result, Store};

impl Store {
    /// The profile, or `None` before first start has set it.
    #[instrument(skip(self), err)]
    pub async fn get_profile(&self) -> Result<Option<Profile>> {
        // A team workspace's member is who their login is mapped to.
        if let Some(identity) = self.identity() {
            let person = &identity.person;
            return Ok(Some(Profile { name: person.name.clone(), roles: person.roles.clone() }));
        }
        let row: Option<(String, String)> =
            db::query_as("SELECT name, roles FROM profile WHERE id = 1").fetch_optional(self.pool()).await?;
        row.map(|(name, roles)| Ok(Profile { name, roles: serde_json::from_str(&roles)? })).transpose()
    }

    /// Sets the profile and records `profile.updated`, attributed to the new name.
    #[instrument(skip_all, err)]
    pub async fn save_profile(&self, mut profile: Profile) -> Result<Profile> {
        profile.validate()?;
        if let Some(identity) = self.identity() {
            return Err(runsheet_core::Error::Refused {
                rule: "team-workspace".into(),
                message: format!(
                    "on a team workspace you are who your login is: `{}` is {}; an admin changes a person's roles",
                    identity.login, identity.person.name
                ),
            }
            .into());
        }
        let mut tx = self.write().await?;
        let before: Option<String> =
            db::query_scalar("SELECT name FROM profile WHERE id = 1").fetch_optional(&mut tx).await?;
        let (_, now) = time::now();
        db::query(
            "INSERT INTO profile (id, name, roles, updated_at) VALUES (1, $1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, roles = excluded.roles, updated_at = excluded.updated_at",
        )
        .bind(&profile.name)
        .bind(serde_json::to_string(&profile.roles)?)
        .bind(&now)
        .execute(&mut tx)
        .await?;
        let mut payload = json!({ "name": profile.name, "roles": profile.roles });
        if let Some(before) = before.filter(|b| *b != profile.name) {
            payload["renamed_from"] = json!(before);
        }
        append(
            &mut tx,
            NewEvent {
                actor: &profile.name,
                action: AuditAction::ProfileUpdated,
                subject: "profile".into(),
                run_id: None,
                payload,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(profile)
    }
}
