//! Reading stored codes back into their domain enums. A value no enum knows means the database
//! was changed by hand or by a newer release: it is reported as corrupt, naming the column and
//! the value, never skipped or read as a default.

use itp_domain::Code;

use crate::PersistenceError;

/// Reads `value`, stored in `column` (written `"table.column"`), as a `T`.
pub fn decode<T: Code>(value: &str, column: &str) -> Result<T, PersistenceError> {
    itp_domain::code::parse(value).map_err(|e| PersistenceError::Corrupt(format!("{column}: {e}")))
}

#[cfg(test)]
mod tests {
    use itp_domain::application::ApplicationStatus;

    use super::*;

    #[test]
    fn a_stored_code_reads_as_its_value() {
        assert_eq!(
            decode::<ApplicationStatus>("submitted", "applications.status").unwrap(),
            ApplicationStatus::Submitted
        );
    }

    #[test]
    fn an_unknown_value_is_corrupt_naming_the_column_and_the_value() {
        let err = decode::<ApplicationStatus>("approved", "applications.status").unwrap_err();
        assert!(matches!(err, PersistenceError::Corrupt(_)));
        assert_eq!(
            err.to_string(),
            "stored data is not valid: applications.status: 'approved' is not an application status"
        );
    }
}
