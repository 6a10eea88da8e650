//! A check's condition set: a list that must all hold (as in Gatus), whose items may be `all:` / `any:` groups.
//!
//! ```yaml
//! conditions:
//!   - "[STATUS] == 200"
//!   - any:
//!       - "[BODY].status == UP"
//!       - all:
//!           - "[BODY].status == DEGRADED"
//!           - "[BODY].checks.database.status == UP"
//! ```
//!
//! Serialisation writes back exactly what was read: each condition's text as written, groups as one-key maps.

use std::collections::HashSet;
use std::fmt;

use runsheet_core::ConditionResult;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::condition::Condition;
use crate::evaluate::{evaluate, Outcome};
use crate::resolve::Scope;
use crate::{ConditionError, Observation};

/// One item of a condition list: a condition, or a group of them.
#[derive(Debug, Clone, PartialEq)]
pub enum ConditionNode {
    /// One condition.
    Condition(Condition),
    /// `all:` every member must hold.
    All(Vec<ConditionNode>),
    /// `any:` at least one member must hold.
    Any(Vec<ConditionNode>),
}

/// A list of conditions that must all hold. Serialises as a YAML/JSON list of strings and `{all: […]}` /
/// `{any: […]}` maps, exactly as read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Conditions {
    nodes: Vec<ConditionNode>,
}

impl ConditionNode {
    /// Parses a single condition into a node.
    pub fn parse(text: &str) -> Result<ConditionNode, ConditionError> {
        Condition::parse(text).map(ConditionNode::Condition)
    }

    /// Every condition in it, depth first.
    pub fn conditions(&self) -> Vec<&Condition> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<&'a Condition>) {
        match self {
            ConditionNode::Condition(c) => out.push(c),
            ConditionNode::All(members) | ConditionNode::Any(members) => {
                members.iter().for_each(|m| m.collect(out));
            }
        }
    }

    /// How it reads in a result: the condition as written, or `any of: A; B` for a group.
    pub fn text(&self) -> String {
        match self {
            ConditionNode::Condition(c) => c.as_str().to_string(),
            ConditionNode::All(members) => format!("all of: {}", group_text(members)),
            ConditionNode::Any(members) => format!("any of: {}", group_text(members)),
        }
    }

    fn evaluate_in(&self, scope: &Scope<'_>) -> Outcome {
        let (members, is_all) = match self {
            ConditionNode::Condition(c) => return evaluate(c, scope),
            ConditionNode::All(members) => (members, true),
            ConditionNode::Any(members) => (members, false),
        };
        // Kleene logic: `all` is false if any member is false, `any` is true if any member is true; otherwise a
        // member without data leaves the group without data.
        let mut decided = None;
        let mut unknown = false;
        let mut observed = Vec::new();
        let mut seen = HashSet::new();
        for member in members {
            let outcome = member.evaluate_in(scope);
            for part in outcome.observed {
                if seen.insert(part.clone()) {
                    observed.push(part);
                }
            }
            match outcome.holds {
                Some(h) if h != is_all => decided = Some(h),
                Some(_) => {}
                None => unknown = true,
            }
        }
        let holds = match decided {
            Some(h) => Some(h),
            None if unknown => None,
            None => Some(is_all),
        };
        Outcome { holds, observed }
    }
}

fn group_text(members: &[ConditionNode]) -> String {
    members
        .iter()
        .map(|m| match m {
            ConditionNode::Condition(c) => c.as_str().to_string(),
            group => format!("({})", group.text()),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

impl Conditions {
    /// A list of nodes.
    pub fn new(nodes: Vec<ConditionNode>) -> Self {
        Conditions { nodes }
    }

    /// A list of plain conditions, all of which must hold; the first malformed one is the error.
    pub fn parse_all<S: AsRef<str>>(texts: &[S]) -> Result<Self, ConditionError> {
        texts.iter().map(|t| ConditionNode::parse(t.as_ref())).collect::<Result<Vec<_>, _>>().map(Conditions::new)
    }

    /// The items of the list.
    pub fn nodes(&self) -> &[ConditionNode] {
        &self.nodes
    }

    /// Whether there is no condition.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The number of items (a group counts once).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Every condition, groups included, depth first.
    pub fn conditions(&self) -> Vec<&Condition> {
        self.nodes.iter().flat_map(ConditionNode::conditions).collect()
    }

    /// Evaluates each item as a required condition: one result per item (a group gives one result).
    pub fn evaluate(&self, observation: &Observation) -> Vec<ConditionResult> {
        self.evaluate_in(&Scope::new(observation), false)
    }

    pub(crate) fn evaluate_in(&self, scope: &Scope<'_>, warn: bool) -> Vec<ConditionResult> {
        self.nodes
            .iter()
            .map(|node| {
                let outcome = node.evaluate_in(scope);
                ConditionResult {
                    condition: node.text(),
                    warn,
                    holds: outcome.holds,
                    observed: outcome.observed_text(),
                }
            })
            .collect()
    }
}

impl From<Vec<ConditionNode>> for Conditions {
    fn from(nodes: Vec<ConditionNode>) -> Self {
        Conditions::new(nodes)
    }
}

impl Serialize for ConditionNode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (key, members) = match self {
            ConditionNode::Condition(c) => return serializer.serialize_str(c.as_str()),
            ConditionNode::All(members) => ("all", members),
            ConditionNode::Any(members) => ("any", members),
        };
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(key, members)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for ConditionNode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = ConditionNode;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a condition such as \"[STATUS] == 200\", or a group `all: [...]` / `any: [...]`")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<ConditionNode, E> {
        ConditionNode::parse(v).map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ConditionNode, A::Error> {
        let Some(key) = map.next_key::<String>()? else {
            return Err(de::Error::custom("an empty map is not a condition: write `all: [...]` or `any: [...]`"));
        };
        let members: Vec<ConditionNode> = match key.as_str() {
            "all" | "any" => map.next_value()?,
            other => {
                return Err(de::Error::custom(format_args!(
                    "unknown condition group `{other}`: a group is `all: [...]` or `any: [...]`"
                )))
            }
        };
        if map.next_key::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::custom(format_args!(
                "a condition group has one key, `{key}`: put further conditions inside its list"
            )));
        }
        if members.is_empty() {
            return Err(de::Error::custom(format_args!("the `{key}:` group is empty: give it at least one condition")));
        }
        Ok(if key == "all" { ConditionNode::All(members) } else { ConditionNode::Any(members) })
    }
}

impl Serialize for Conditions {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.nodes.len()))?;
        for node in &self.nodes {
            seq.serialize_element(node)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Conditions {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = Conditions;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of conditions, e.g. [\"[STATUS] == 200\"]")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Conditions, A::Error> {
                let mut nodes = Vec::new();
                while let Some(node) = seq.next_element()? {
                    nodes.push(node);
                }
                Ok(Conditions { nodes })
            }
        }
        deserializer.deserialize_seq(ListVisitor)
    }
}
