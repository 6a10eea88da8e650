//! The people directory: who signs off, in which roles, with which public keys.

use runsheet_core::Entity;
use runsheet_core::Person;
use runsheet_store::NewPerson;
use tauri::{AppHandle, State};

use super::changed;
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all)]
pub(crate) async fn list_people(state: State<'_, AppState>) -> CommandResult<Vec<Person>> {
    Ok(state.store()?.list_people().await?)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub(crate) async fn add_person(
    state: State<'_, AppState>,
    app: AppHandle,
    name: String,
    principal: String,
    roles: Vec<String>,
    public_key: Option<String>,
) -> CommandResult<Person> {
    let store = state.store()?;
    let actor = store.profile_person().await?.name;
    let new = NewPerson { name, principal, roles, public_key: public_key.filter(|k| !k.trim().is_empty()) };
    let person = store.add_person(&actor, new).await?;
    changed(&app, Entity::Person, Some(person.id));
    Ok(person)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub(crate) async fn revoke_person_key(
    state: State<'_, AppState>,
    app: AppHandle,
    fingerprint: String,
    reason: String,
) -> CommandResult<Person> {
    let store = state.store()?;
    let actor = store.profile_person().await?.name;
    let person = store.revoke_person_key(&actor, &fingerprint, &reason).await?;
    changed(&app, Entity::Person, Some(person.id));
    Ok(person)
}
