//! What the audit log records about a change: which fields went from what to what.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// The changed fields of one record. Unchanged fields are left out so the log reads as a diff.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ChangeSet(Vec<FieldChange>);

impl ChangeSet {
    pub fn new() -> Self {
        ChangeSet::default()
    }

    /// Records a field if its value changed.
    pub fn field(mut self, name: &str, before: impl ToString, after: impl ToString) -> Self {
        let (before, after) = (before.to_string(), after.to_string());
        if before != after {
            self.0.push(FieldChange {
                field: name.to_owned(),
                before: Some(before),
                after: Some(after),
            });
        }
        self
    }

    /// Records a field of a new record.
    pub fn set(mut self, name: &str, value: impl ToString) -> Self {
        self.0.push(FieldChange {
            field: name.to_owned(),
            before: None,
            after: Some(value.to_string()),
        });
        self
    }

    /// Records a field (or row) that the change removed.
    pub fn unset(mut self, name: &str, before: impl ToString) -> Self {
        self.0.push(FieldChange {
            field: name.to_owned(),
            before: Some(before.to_string()),
            after: None,
        });
        self
    }

    /// Records that a secret changed without recording either value.
    pub fn redacted(mut self, name: &str) -> Self {
        self.0.push(FieldChange {
            field: name.to_owned(),
            before: None,
            after: Some("(changed)".to_owned()),
        });
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn changes(&self) -> &[FieldChange] {
        &self.0
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "[]".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_fields_are_left_out() {
        let c = ChangeSet::new()
            .field("name", "A", "A")
            .field("seats", 20, 25);
        assert_eq!(c.changes().len(), 1);
        assert_eq!(
            c.to_json(),
            r#"[{"field":"seats","before":"20","after":"25"}]"#
        );
    }

    #[test]
    fn removed_fields_have_no_after() {
        let c = ChangeSet::new().unset("2024 KE", "435.00");
        assert_eq!(c.to_json(), r#"[{"field":"2024 KE","before":"435.00"}]"#);
    }

    #[test]
    fn secrets_are_never_written() {
        let c = ChangeSet::new().redacted("password");
        assert!(!c.to_json().contains("hunter"));
        assert_eq!(c.changes()[0].after.as_deref(), Some("(changed)"));
    }
}
