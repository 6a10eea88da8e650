//! Probes: one module per check kind; each turns a spec into an [`runsheet_conditions::Observation`].
