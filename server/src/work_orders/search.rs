//! How the list's free text is searched. Words go to `work_order_words` (migration 0032): a
//! row per full-text lexeme of a work order (Spanish stems of the folded text: "válvulas"
//! finds "Válvula"), beside the columns the list filters and sorts on, so a common word's page
//! is one index walk and its count an index-only scan. Anything else — a folio or oficio
//! fragment (any digit), a part of a word, a word no work order holds — goes to the trigram
//! index over `busqueda`, which finds any fragment of the text.

use sqlx::{PgConnection, Postgres, QueryBuilder};

/// A list's search, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Search {
    /// Work orders holding every one of these lexemes; the first is the one walked (the
    /// longest, likely the rarest), the rest checked beside it.
    Words(Vec<String>),
    /// Work orders whose folded text contains this.
    Fragment(String),
}

impl Search {
    /// `q` as it will be searched: its words when it has some, each held by a work order,
    /// and no digit; else the fragment.
    #[tracing::instrument(skip(conn))]
    pub async fn parse(conn: &mut PgConnection, q: &str) -> Result<Search, sqlx::Error> {
        let folded = ote_shared::text::fold(q);
        if folded.chars().any(|c| c.is_ascii_digit()) {
            return Ok(Search::Fragment(folded));
        }
        let lexemes = sqlx::query!(
            r#"SELECT l AS "lexema!",
                   EXISTS (SELECT 1 FROM work_order_words w WHERE w.lexema = l) AS "held!"
               FROM unnest(ote_lexemas($1)) AS l"#,
            folded
        )
        .fetch_all(conn)
        .await?;
        if lexemes.is_empty() || lexemes.iter().any(|l| !l.held) {
            return Ok(Search::Fragment(folded));
        }
        let mut words: Vec<String> = lexemes.into_iter().map(|l| l.lexema).collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        Ok(Search::Words(words))
    }

    /// Whether a list sorted on `orden` reads this search's rows from `work_order_words`
    /// alone, which carries only these two of the sortable columns.
    pub fn sorts_without_table(&self, orden: &str) -> bool {
        matches!(self, Search::Words(_)) && matches!(orden, "fecha_inicio_programado" | "id")
    }

    /// ` FROM … w WHERE ` with this search's condition: `w` is `work_order_words` when
    /// [`Self::sorts_without_table`] on `orden`, else `work_orders`; the caller adds the rest
    /// of the filter, whose columns both have.
    pub fn push_from(&self, b: &mut QueryBuilder<'_, Postgres>, orden: &str) {
        match self {
            Search::Fragment(folded) => {
                // The search runs first, on the trigram index; the fence (OFFSET 0) keeps the
                // planner from walking the sort column's index instead and testing LIKE on
                // every row, which costs 100 ms at 100k work orders. The user's % and _ are
                // literal.
                b.push(" FROM (SELECT * FROM work_orders WHERE busqueda LIKE ")
                    .push_bind(crate::db::containing(folded))
                    .push(" OFFSET 0) w WHERE ");
            }
            Search::Words(words) if self.sorts_without_table(orden) => {
                b.push(" FROM work_order_words w WHERE ");
                push_words(b, words);
                b.push(" AND ");
            }
            Search::Words(words) => {
                b.push(
                    " FROM work_orders w WHERE w.id IN (SELECT w.id FROM work_order_words w WHERE ",
                );
                push_words(b, words);
                b.push(") AND ");
            }
        }
    }
}

/// `w.lexema = first` and every other word held by the same work order.
fn push_words(b: &mut QueryBuilder<'_, Postgres>, words: &[String]) {
    let (first, others) = words.split_first().expect("a words search has a word");
    b.push("w.lexema = ").push_bind(first.clone());
    for other in others {
        b.push(" AND EXISTS (SELECT 1 FROM work_order_words o WHERE o.id = w.id AND o.lexema = ")
            .push_bind(other.clone())
            .push(")");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_sort_on_their_own_table_only_by_date_or_id() {
        let words = Search::Words(vec!["valvul".into()]);
        assert!(words.sorts_without_table("fecha_inicio_programado"));
        assert!(words.sorts_without_table("id"));
        assert!(!words.sorts_without_table("monto_mxn"));
        assert!(!Search::Fragment("ot-2024".into()).sorts_without_table("id"));
    }
}
