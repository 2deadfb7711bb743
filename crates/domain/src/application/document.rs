//! Attachments: what each document is, and what a file really is, judged by its content (the
//! name and the browser's content type are whatever the sender says).

use serde::{Deserialize, Serialize};

pub const MAX_BYTES: usize = 10 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// The nominating authority's letter, one per application.
    NominationLetter,
    /// Per member.
    Passport,
    /// Per member.
    Photo,
    /// Per member; special-category (health) data: only admins and the cohort's managers see it.
    MedicalStatement,
}

crate::codes!(DocumentKind as "kind of document" {
    NominationLetter = "nomination_letter": "Nomination letter",
    Passport = "passport": "Passport copy",
    Photo = "photo": "Passport photo",
    MedicalStatement = "medical_statement": "Medical statement",
});

impl DocumentKind {
    /// One per team member rather than one per application.
    pub fn per_member(self) -> bool {
        !matches!(self, DocumentKind::NominationLetter)
    }

    /// Passports and medical statements are shown only to admins and the cohort's managers, and
    /// every view is logged (GDPR art. 9 for health data; identity documents by ICLD's policy).
    pub fn is_sensitive(self) -> bool {
        matches!(
            self,
            DocumentKind::Passport | DocumentKind::MedicalStatement
        )
    }

    /// Which file types are accepted for this document.
    pub fn accepts(self, file: FileType) -> bool {
        match self {
            DocumentKind::Photo => matches!(file, FileType::Jpeg | FileType::Png),
            _ => true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileType {
    Pdf,
    Jpeg,
    Png,
}

// Stored as the content type the file is served with.
crate::codes!(FileType as "file type" {
    Pdf = "application/pdf": "PDF",
    Jpeg = "image/jpeg": "JPEG",
    Png = "image/png": "PNG",
});

impl FileType {
    /// Recognises a file by its first bytes (magic numbers); anything else is refused.
    pub fn sniff(bytes: &[u8]) -> Option<FileType> {
        if bytes.starts_with(b"%PDF-") {
            Some(FileType::Pdf)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileType::Jpeg)
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(FileType::Png)
        } else {
            None
        }
    }

    pub fn content_type(self) -> &'static str {
        crate::code::Code::code(self)
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Jpeg => "jpg",
            FileType::Png => "png",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadProblem {
    #[error("The file is empty.")]
    Empty,
    #[error("The file is larger than 10 MB. Scan at a lower resolution or split it.")]
    TooLarge,
    #[error("The file is not a PDF, JPEG or PNG (judged by its content, not its name).")]
    UnknownType,
    #[error("A photo must be a JPEG or PNG image.")]
    WrongTypeForDocument,
}

/// Checks an uploaded file for a document kind and tells what it is.
pub fn check_upload(kind: DocumentKind, bytes: &[u8]) -> Result<FileType, UploadProblem> {
    if bytes.is_empty() {
        return Err(UploadProblem::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(UploadProblem::TooLarge);
    }
    let file = FileType::sniff(bytes).ok_or(UploadProblem::UnknownType)?;
    if !kind.accepts(file) {
        return Err(UploadProblem::WrongTypeForDocument);
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_recognised_by_content_not_name() {
        assert_eq!(FileType::sniff(b"%PDF-1.7\n..."), Some(FileType::Pdf));
        assert_eq!(
            FileType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(FileType::Jpeg)
        );
        assert_eq!(
            FileType::sniff(b"\x89PNG\r\n\x1a\nrest"),
            Some(FileType::Png)
        );
        assert_eq!(FileType::sniff(b"MZ\x90\x00 an exe renamed .pdf"), None);
        assert_eq!(FileType::sniff(b"<html>"), None);
    }

    #[test]
    fn upload_limits_are_enforced() {
        assert_eq!(
            check_upload(DocumentKind::Passport, b""),
            Err(UploadProblem::Empty)
        );
        let mut big = b"%PDF-".to_vec();
        big.resize(MAX_BYTES + 1, b'x');
        assert_eq!(
            check_upload(DocumentKind::Passport, &big),
            Err(UploadProblem::TooLarge)
        );
        assert_eq!(
            check_upload(DocumentKind::Photo, b"%PDF-1.4"),
            Err(UploadProblem::WrongTypeForDocument)
        );
        assert_eq!(
            check_upload(DocumentKind::Photo, b"\x89PNG\r\n\x1a\n"),
            Ok(FileType::Png)
        );
    }

    #[test]
    fn only_passports_and_medical_statements_are_sensitive() {
        assert!(DocumentKind::MedicalStatement.is_sensitive());
        assert!(DocumentKind::Passport.is_sensitive());
        assert!(!DocumentKind::Photo.is_sensitive());
        assert!(!DocumentKind::NominationLetter.is_sensitive());
    }
}
