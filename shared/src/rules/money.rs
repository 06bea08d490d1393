use rust_decimal::Decimal;

use super::{Code, Violation};
use crate::model::OrdenTrabajo;

/// The seed's `DecimalField(max_digits=25, decimal_places=2)`: 23 digits before the point.
const MAX_INTEGER_DIGITS: u32 = 23;

/// Amounts are non-negative, with at most two decimals, within the seed's 25 digits.
pub(super) fn check(ot: &OrdenTrabajo, out: &mut Vec<Violation>) {
    for (field, monto) in [("monto_mxn", ot.monto_mxn), ("monto_usd", ot.monto_usd)] {
        if let Some(code) = check_amount(monto) {
            out.push(Violation::new(code, field));
        }
    }
}

/// What is wrong with one amount, if anything.
pub fn check_amount(monto: Decimal) -> Option<Code> {
    if monto.is_sign_negative() && !monto.is_zero() {
        Some(Code::MontoNegativo)
    } else if monto.normalize().scale() > 2 {
        Some(Code::MontoDecimales)
    } else if monto.trunc().abs()
        >= Decimal::from_i128_with_scale(10i128.pow(MAX_INTEGER_DIGITS), 0)
    {
        Some(Code::MontoDemasiadoGrande)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn amount(s: &str) -> Option<Code> {
        check_amount(Decimal::from_str(s).unwrap())
    }

    #[test]
    fn two_decimals_and_zero_pass() {
        assert_eq!(amount("1250000.50"), None);
        assert_eq!(amount("0"), None);
        assert_eq!(amount("-0.00"), None);
        assert_eq!(
            amount("3.100"),
            None,
            "trailing zeros are not extra decimals"
        );
    }

    #[test]
    fn negative_amounts_are_refused() {
        assert_eq!(amount("-0.01"), Some(Code::MontoNegativo));
    }

    #[test]
    fn three_decimals_are_refused() {
        assert_eq!(amount("10.005"), Some(Code::MontoDecimales));
    }

    #[test]
    fn more_than_23_integer_digits_are_refused() {
        assert_eq!(amount(&"9".repeat(23)), None);
        assert_eq!(
            amount(&format!("1{}", "0".repeat(23))),
            Some(Code::MontoDemasiadoGrande)
        );
    }
}
