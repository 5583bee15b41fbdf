//! Every error type of the public API is a `std::error::Error` (so embedders can `?` it into
//! their own errors), and the catalog's list of problems is one error value.

fn is_error<E: std::error::Error + Send + Sync + 'static>() {}

#[test]
fn public_error_types_implement_std_error() {
    is_error::<sealcheck::Error>();
    is_error::<sealcheck::catalog::CatalogError>();
    is_error::<sealcheck::catalog::CatalogErrors>();
    is_error::<sealcheck::issuers::RegistryError>();
    is_error::<sealcheck::license::IdentifierError>();
    is_error::<sealcheck::records::MappingError>();
    is_error::<sealcheck::records::injury_rate::TableError>();
    is_error::<sealcheck::records::unit_type::TableError>();
    is_error::<sealcheck::records::csv_rows::RowError>();
    is_error::<sealcheck::review::application::ApplicationError>();
    is_error::<sealcheck::render::text::UnknownLang>();
    is_error::<sealcheck::pki::SignatureError>();
    is_error::<sealcheck::image::decode::DecodeError>();
    is_error::<sealcheck::image::ocr::OcrError>();
    is_error::<sealcheck::asn1::HeaderError>();
    is_error::<sealcheck::service::ApiError>();
}

#[test]
fn catalog_problems_come_back_as_one_error() {
    let text = "schema = \"sealcheck-catalog/1\"\nversion = \"t\"\nitems = []\n";
    let errors = sealcheck::catalog::parse_catalog("bad.toml", text).unwrap_err();
    assert_eq!(errors.len(), 1);
    let boxed: Box<dyn std::error::Error> = Box::new(errors.clone());
    assert_eq!(boxed.to_string(), errors[0].to_string());
    assert!(
        boxed.to_string().starts_with("bad.toml: field items: "),
        "{boxed}"
    );

    let two = "schema = \"x\"\nitems = 1\n";
    let errors = sealcheck::catalog::parse_catalog("two.toml", two).unwrap_err();
    assert!(errors.len() >= 2, "{errors}");
    let joined: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.to_string(), joined.join("; "));
}
