//! The `environments` and `environment_variables` tables.

use crate::db::Conn;
use runsheet_core::AuditAction;
use runsheet_core::{Environment, EnvironmentColour, Error as DomainError, Tier, Variable};
use serde_json::json;
use tracing::instrument;

use crate::audit_log::{append, NewEvent};
use crate::db;
use crate::{time, Error, Result, Store};

#[derive(sqlx::FromRow)]
struct EnvironmentRow {
    id: i64,
    name: String,
    tier: String,
    colour: Option<String>,
    description: String,
}

#[derive(sqlx::FromRow)]
struct VariableRow {
    environment_id: i64,
    key: String,
    value: String,
}

fn not_found(id: i64) -> Error {
    DomainError::NotFound(format!("environment {id}")).into()
}

fn duplicate_name(name: &str) -> Error {
    DomainError::invalid("name", format!("an environment named `{name}` already exists")).into()
}

impl Store {
    /// All environments by name, with their variables.
    #[instrument(skip(self), err)]
    pub async fn list_environments(&self) -> Result<Vec<Environment>> {
        let rows: Vec<EnvironmentRow> =
            db::query_as("SELECT id, name, tier, colour, description FROM environments ORDER BY name")
                .fetch_all(self.pool())
                .await?;
        let vars: Vec<VariableRow> = db::query_as(
            "SELECT environment_id, key, value FROM environment_variables ORDER BY environment_id, position",
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|row| {
                let variables = vars
                    .iter()
                    .filter(|v| v.environment_id == row.id)
                    .map(|v| Variable { key: v.key.clone(), value: v.value.clone() })
                    .collect();
                into_environment(row, variables)
            })
            .collect()
    }

    /// One environment.
    #[instrument(skip(self), err)]
    pub async fn get_environment(&self, id: i64) -> Result<Environment> {
        let mut conn = self.pool().acquire().await?;
        load(&mut conn, id).await
    }

    /// Creates (id 0) or updates an environment and records `environment.created` or `environment.updated`.
    #[instrument(skip_all, fields(name = %env.name), err)]
    pub async fn save_environment(&self, actor: &str, env: Environment) -> Result<Environment> {
        let mut tx = self.write().await?;
        let out = save_environment_in(&mut tx, self.actor(actor), env).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Deletes an environment and records `environment.deleted`. Runs that targeted it keep its name.
    #[instrument(skip(self), err)]
    pub async fn delete_environment(&self, actor: &str, id: i64) -> Result<()> {
        let actor = self.actor(actor);
        let mut tx = self.write().await?;
        let env = load(&mut tx, id).await?;
        db::query("DELETE FROM environments WHERE id = $1").bind(id).execute(&mut tx).await?;
        append(
            &mut tx,
            NewEvent {
                actor,
                action: AuditAction::EnvironmentDeleted,
                subject: format!("environment/{id}"),
                run_id: None,
                payload: json!({ "name": env.name }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

fn into_environment(row: EnvironmentRow, variables: Vec<Variable>) -> Result<Environment> {
    Ok(Environment {
        id: row.id,
        tier: Tier::parse(&row.tier)?,
        colour: row.colour.as_deref().map(EnvironmentColour::parse).transpose()?,
        name: row.name,
        description: row.description,
        variables,
    })
}

async fn load(conn: &mut Conn, id: i64) -> Result<Environment> {
    let row: EnvironmentRow =
        db::query_as("SELECT id, name, tier, colour, description FROM environments WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| not_found(id))?;
    let vars: Vec<VariableRow> = db::query_as(
        "SELECT environment_id, key, value FROM environment_variables WHERE environment_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    into_environment(row, vars.into_iter().map(|v| Variable { key: v.key, value: v.value }).collect())
}

/// [`Store::save_environment`] inside the caller's write transaction (an import of many items, all or nothing).
pub(crate) async fn save_environment_in(tx: &mut Conn, actor: &str, mut env: Environment) -> Result<Environment> {
    env.validate()?;
    let clash: Option<i64> = db::query_scalar("SELECT id FROM environments WHERE name = $1 AND id <> $2")
        .bind(&env.name)
        .bind(env.id)
        .fetch_optional(&mut *tx)
        .await?;
    if clash.is_some() {
        return Err(duplicate_name(&env.name));
    }
    let (_, now) = time::now();
    let (id, action, before) = if env.id == 0 {
        let id: i64 = db::query_scalar(
            "INSERT INTO environments (name, tier, colour, description, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&env.name)
        .bind(env.tier.as_str())
        .bind(env.colour.map(EnvironmentColour::as_str))
        .bind(&env.description)
        .bind(&now)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        (id, AuditAction::EnvironmentCreated, None)
    } else {
        let before = load(&mut *tx, env.id).await?;
        db::query(
            "UPDATE environments SET name = $1, tier = $2, colour = $3, description = $4, updated_at = $5 WHERE id = $6",
        )
        .bind(&env.name)
        .bind(env.tier.as_str())
        .bind(env.colour.map(EnvironmentColour::as_str))
        .bind(&env.description)
        .bind(&now)
        .bind(env.id)
        .execute(&mut *tx)
        .await?;
        db::query("DELETE FROM environment_variables WHERE environment_id = $1").bind(env.id).execute(&mut *tx).await?;
        (env.id, AuditAction::EnvironmentUpdated, Some(before))
    };
    for (position, var) in env.variables.iter().enumerate() {
        db::query("INSERT INTO environment_variables (environment_id, position, key, value) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(position as i64)
            .bind(&var.key)
            .bind(&var.value)
            .execute(&mut *tx)
            .await?;
    }
    let mut payload = json!({
        "name": env.name,
        "tier": env.tier.as_str(),
        "colour": env.colour.map(EnvironmentColour::as_str),
        "variables": env.variables.iter().map(|v| json!({"key": v.key, "value": v.value})).collect::<Vec<_>>(),
    });
    if let Some(before) = before.filter(|b| b.name != env.name) {
        payload["renamed_from"] = json!(before.name);
    }
    append(&mut *tx, NewEvent { actor, action, subject: format!("environment/{id}"), run_id: None, payload }).await?;
    let saved = load(&mut *tx, id).await?;
    Ok(saved)
}
