//! On-call and escalation: how to reach a person, who a run calls per role, and who to call now.
//!
//! A person in the directory may have a phone, a chat handle and an e-mail ([`ContactDetails`]). A run names, per
//! role of its runbook, one on-call person and any number of escalation contacts in order ([`RunContact`]). By
//! default a role whose only holder is one person gets that person on call ([`default_on_call`]); a role held by
//! several is left for a person to choose, with the holders listed as candidates. [`who_to_call_now`] reads the
//! run's current step and the roles its gate awaits, and gives the contacts for those roles, on-call first.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::approval::same_role;
use crate::{Error, Person, Result, Run, StepKind};

/// How to reach a person. Every field is optional; empty means not known.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "contact.ts")]
pub struct ContactDetails {
    /// A phone number: digits, spaces and `+ - ( ) .`, e.g. `+44 20 7946 0958`.
    #[serde(default)]
    pub phone: Option<String>,
    /// A chat handle, e.g. `@grace` or `grace.hopper`.
    #[serde(default)]
    pub chat: Option<String>,
    /// An e-mail address, e.g. `grace@example.com`.
    #[serde(default)]
    pub email: Option<String>,
}

impl ContactDetails {
    /// Trims each field (an empty one becomes unknown) and checks its shape, naming the field that is wrong.
    pub fn validated(self) -> Result<Self> {
        let clean = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let details = ContactDetails { phone: clean(self.phone), chat: clean(self.chat), email: clean(self.email) };
        if let Some(phone) = &details.phone {
            validate_phone(phone)?;
        }
        if let Some(chat) = &details.chat {
            validate_chat(chat)?;
        }
        if let Some(email) = &details.email {
            validate_email(email)?;
        }
        Ok(details)
    }

    /// Whether nothing is known.
    pub fn is_empty(&self) -> bool {
        self.phone.is_none() && self.chat.is_none() && self.email.is_none()
    }

    /// `@grace · +44 20 7946 0958 · grace@example.com`, the known fields in that order; empty when none is.
    pub fn describe(&self) -> String {
        [&self.chat, &self.phone, &self.email].into_iter().flatten().cloned().collect::<Vec<_>>().join(" · ")
    }
}

/// Checks a phone number: 3 to 20 digits, written with spaces and `- ( ) .` as the person likes, and a `+` only in
/// front; at most 40 characters.
pub fn validate_phone(phone: &str) -> Result<()> {
    let bad = |why: &str| Err(Error::invalid("phone", format!("`{phone}` is not a phone number: {why}")));
    if let Some(c) = phone.chars().find(|c| !(c.is_ascii_digit() || matches!(*c, ' ' | '+' | '-' | '(' | ')' | '.'))) {
        return bad(&format!("`{c}` is not allowed (use digits, spaces, + - ( ) .)"));
    }
    if phone.chars().skip(1).any(|c| c == '+') {
        return bad("a + goes only in front");
    }
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    if !(3..=20).contains(&digits) || phone.len() > 40 {
        return bad("give 3 to 20 digits");
    }
    Ok(())
}

/// Checks an e-mail address: one `@` between a local part and a domain with a dot, no spaces, at most 254
/// characters.
pub fn validate_email(email: &str) -> Result<()> {
    let bad = |why: &str| Err(Error::invalid("email", format!("`{email}` is not an e-mail address: {why}")));
    if email.len() > 254 {
        return bad("longer than 254 characters");
    }
    if email.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, ',' | ';' | '<' | '>' | '"')) {
        return bad("no spaces, commas, semicolons, quotes or angle brackets");
    }
    let Some((local, domain)) = email.split_once('@') else { return bad("it has no @") };
    if local.is_empty() || domain.contains('@') {
        return bad("write it as name@domain");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
        return bad("the domain needs a dot, as in example.com");
    }
    Ok(())
}

/// Checks a chat handle: 1 to 100 characters, on one line.
pub fn validate_chat(chat: &str) -> Result<()> {
    if chat.chars().count() > 100 || chat.chars().any(char::is_control) {
        return Err(Error::invalid(
            "chat",
            format!("`{chat}` is not a chat handle: one line of at most 100 characters"),
        ));
    }
    Ok(())
}

/// Whether a contact is the first to call or the next one up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "contact.ts")]
pub enum ContactKind {
    /// The person to call first for the role.
    OnCall,
    /// Called when the on-call person does not answer or cannot decide, in order.
    Escalation,
}

impl ContactKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ContactKind::OnCall => "on_call",
            ContactKind::Escalation => "escalation",
        }
    }

    /// Parses the stored name (or `on-call`).
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().replace('-', "_").as_str() {
            "on_call" => Ok(ContactKind::OnCall),
            "escalation" => Ok(ContactKind::Escalation),
            other => Err(Error::invalid("kind", format!("`{other}` is not a contact kind: use on_call or escalation"))),
        }
    }

    /// `on call` or `escalation`, for messages.
    pub fn words(self) -> &'static str {
        match self {
            ContactKind::OnCall => "on call",
            ContactKind::Escalation => "escalation",
        }
    }
}

/// A person as a contact: who, and how to reach them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "contact.ts")]
pub struct ContactPerson {
    /// Display name.
    pub name: String,
    /// Their principal in the directory.
    pub principal: String,
    /// Phone, chat, e-mail.
    pub contact: ContactDetails,
}

impl From<&Person> for ContactPerson {
    fn from(p: &Person) -> Self {
        ContactPerson { name: p.name.clone(), principal: p.principal.clone(), contact: p.contact.clone() }
    }
}

impl ContactPerson {
    /// `Grace Hopper (@grace · +44 20 7946 0958)`, or the name alone when nothing is known.
    pub fn describe(&self) -> String {
        let how = self.contact.describe();
        if how.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({how})", self.name)
        }
    }

    /// `Grace Hopper (@grace)`: the name with the chat handle when known, as notifications mention people.
    pub fn mention(&self) -> String {
        match &self.contact.chat {
            Some(chat) => format!("{} ({chat})", self.name),
            None => self.name.clone(),
        }
    }
}

/// One of a run's contacts for a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "contact.ts")]
pub struct RunContact {
    /// The run.
    #[ts(type = "number")]
    pub run_id: i64,
    /// The role, spelled as the runbook spells it.
    pub role: String,
    /// On call, or escalation.
    pub kind: ContactKind,
    /// 1 for the on-call person; 1, 2, … for escalation contacts in the order they are called.
    pub order: u32,
    /// Who, with their contact details as the directory holds them now.
    pub person: ContactPerson,
    /// Who named them (for a default filled in from the directory, who started the run).
    pub set_by: String,
    /// When.
    pub set_at: DateTime<Utc>,
}

/// A role of a run with nobody on call: the people who hold it, to choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "contact.ts")]
pub struct RoleCandidates {
    /// The role.
    pub role: String,
    /// Everyone in the directory holding it (none, or several: one would have been chosen).
    pub candidates: Vec<ContactPerson>,
}

/// A run's contacts, as `runsheet run contacts` and the run header show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "contact.ts")]
pub struct RunContacts {
    /// The run.
    #[ts(type = "number")]
    pub run_id: i64,
    /// The roles of the run's runbook: step owners and the roles its gates ask to sign, in walking order.
    pub roles: Vec<String>,
    /// Every contact, by role (in `roles` order), on-call before escalation, then by order.
    pub contacts: Vec<RunContact>,
    /// Roles with nobody on call, with the people who hold them.
    pub unfilled: Vec<RoleCandidates>,
    /// Who to call now, for the current step (see [`who_to_call_now`]).
    pub call_now: Vec<CallNow>,
}

/// The contacts for one role whose action the run awaits now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "contact.ts")]
pub struct CallNow {
    /// The role.
    pub role: String,
    /// Why it is awaited: `owns step 2.1 “Run migrations”`, `gate “Go/no-go” awaits its sign-off`.
    pub why: String,
    /// On call first, then escalation in order; empty when nobody is named for the role.
    pub contacts: Vec<RunContact>,
}

/// The roles of a runbook a run may call: each step's owner role and each role a gate asks to sign, in walking
/// order, each once (compared without regard to case).
pub fn run_roles(run: &Run) -> Vec<String> {
    let mut roles: Vec<String> = Vec::new();
    let mut add = |role: &str| {
        let role = role.trim();
        if !role.is_empty() && !roles.iter().any(|r| same_role(r, role)) {
            roles.push(role.to_string());
        }
    };
    for (_, step) in run.snapshot.steps() {
        add(&step.owner_role);
        if let Some(gate) = &step.gate {
            for role in gate.requested_roles() {
                add(role);
            }
        }
    }
    roles
}

/// The run's spelling of a role given in any case, or an error naming the run's roles.
pub fn resolve_role(run: &Run, role: &str) -> Result<String> {
    let roles = run_roles(run);
    roles.iter().find(|r| same_role(r, role)).cloned().ok_or_else(|| {
        let known = if roles.is_empty() { "none".to_string() } else { roles.join(", ") };
        Error::invalid("role", format!("run {} has no role `{}` (its roles: {known})", run.id, role.trim()))
    })
}

/// The default on-call person for a role: its holder when exactly one person in `people` holds it. `Err` gives the
/// candidates when none or several do.
pub fn default_on_call<'a>(role: &str, people: &'a [Person]) -> std::result::Result<&'a Person, Vec<&'a Person>> {
    let holders: Vec<&Person> = people.iter().filter(|p| p.holds(role)).collect();
    if holders.len() == 1 {
        Ok(holders[0])
    } else {
        Err(holders)
    }
}

/// Who to call now: for an open run, the roles whose action is awaited (the current step's owner role, then the
/// roles its gate still awaits, given by the caller from the gate's evaluation as `awaited_roles`), each with its
/// contacts, on call first and escalation after in order. A closed run, or a current step without an owner or an
/// awaited role, gives nothing.
pub fn who_to_call_now(contacts: &[RunContact], run: &Run, awaited_roles: &[String]) -> Vec<CallNow> {
    if !run.state.is_open() {
        return Vec::new();
    }
    let Some(current) = run.next_step() else { return Vec::new() };
    let Some(step) = run.snapshot.step(current.step_id) else { return Vec::new() };
    let label = run.snapshot.step_number(current.step_id).map_or_else(String::new, |n| format!("{n} "));
    let mut wanted: Vec<(String, String)> = Vec::new();
    let owner = step.owner_role.trim();
    if !owner.is_empty() {
        wanted.push((owner.to_string(), format!("owns step {label}“{}”", step.title)));
    }
    if step.kind == StepKind::Gate {
        for role in awaited_roles {
            if !wanted.iter().any(|(r, _)| same_role(r, role)) {
                wanted.push((role.trim().to_string(), format!("gate “{}” awaits its sign-off", step.title)));
            }
        }
    }
    wanted
        .into_iter()
        .map(|(role, why)| {
            let mut mine: Vec<RunContact> = contacts.iter().filter(|c| same_role(&c.role, &role)).cloned().collect();
            mine.sort_by_key(|c| (c.kind == ContactKind::Escalation, c.order));
            CallNow { role, why, contacts: mine }
        })
        .collect()
}

/// `Call now: DBA — Linus (+1 555 0100), then Grace (escalation)`: one line for the run header and `run show`;
/// None when nobody's action is awaited.
pub fn call_now_line(call_now: &[CallNow]) -> Option<String> {
    if call_now.is_empty() {
        return None;
    }
    let parts: Vec<String> = call_now
        .iter()
        .map(|c| {
            let who = if c.contacts.is_empty() {
                "nobody named (runsheet run contact)".to_string()
            } else {
                c.contacts
                    .iter()
                    .map(|k| match k.kind {
                        ContactKind::OnCall => k.person.describe(),
                        ContactKind::Escalation => format!("then {} (escalation)", k.person.describe()),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!("{} — {who}", c.role)
        })
        .collect();
    Some(format!("Call now: {}", parts.join("; ")))
}

#[cfg(test)]
mod tests;
