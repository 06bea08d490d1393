//! The bounds every paged list shares (REST, DataTables, seed 002, imports): a page or offset
//! past them is a 400 `pagina_invalida`, so no arithmetic on what a caller sent can overflow.

use crate::Error;

/// The last page number a list takes.
pub const MAX_PAGE: i64 = 1_000_000;
/// The most rows a page of the REST and seed 002 lists holds.
pub const MAX_PER_PAGE: i64 = 200;
/// The most rows a list skips (DataTables' `start`): `MAX_PAGE` pages of the largest.
pub const MAX_OFFSET: i64 = MAX_PAGE * MAX_PER_PAGE;

/// The rows before page `page` (from 1) of `per_page` rows, when `page` is within
/// [`MAX_PAGE`] and `per_page` within `1..=max_per_page`.
pub fn offset(page: i64, per_page: i64, max_per_page: i64) -> Result<i64, Error> {
    if !(1..=MAX_PAGE).contains(&page) || !(1..=max_per_page).contains(&per_page) {
        return Err(Error::bad_request(
            "pagina_invalida",
            format!("La página va de 1 a {MAX_PAGE} y tiene de 1 a {max_per_page} renglones"),
        ));
    }
    Ok((page - 1) * per_page)
}

/// DataTables' `start`, when within [`MAX_OFFSET`] (a negative one reads as 0).
pub fn start(start: i64) -> Result<i64, Error> {
    if start > MAX_OFFSET {
        return Err(Error::bad_request(
            "pagina_invalida",
            format!("«start» va de 0 a {MAX_OFFSET}"),
        ));
    }
    Ok(start.max(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_past_the_last_is_refused_instead_of_overflowing() {
        assert_eq!(offset(3, 50, 200).unwrap(), 100);
        assert_eq!(
            offset(i64::MAX, 50, 200).unwrap_err().code(),
            "pagina_invalida"
        );
        assert_eq!(offset(0, 50, 200).unwrap_err().code(), "pagina_invalida");
        assert_eq!(offset(1, 201, 200).unwrap_err().code(), "pagina_invalida");
        assert_eq!(start(i64::MAX).unwrap_err().code(), "pagina_invalida");
        assert_eq!(start(-5).unwrap(), 0);
    }
}
