// Currency codes a holdings file may name: ISO 4217 codes in circulation plus the minor units Yahoo
// quotes some exchanges in (GBp/GBX = pence on the LSE, ZAc = South African cents on the JSE).
// Left out on purpose: withdrawn codes (HRK, SLL...), funds and precious metals (XAU, XBA, XTS, XXX...),
// which no holdings cost is given in.

const ISO_4217_ACTIVE = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP ' +
    'BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR ' +
    'FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES ' +
    'KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR ' +
    'MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF ' +
    'SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS ' +
    'UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XDR XOF XPF YER ZAR ZMW ZWG'
  ).split(' '),
);

/** Minor units, matched case-sensitively: `GBp` (pence) differs from `GBP` (pounds) only by case. */
const MINOR_UNITS_EXACT = new Set(['GBp', 'ZAc']);

/** 'gbp' -> 'GBP', 'GBp' -> 'GBp', 'gbx' -> 'GBX', unknown -> null. */
export function normalizeCurrency(raw: string): string | null {
  const trimmed = raw.trim();
  if (MINOR_UNITS_EXACT.has(trimmed)) return trimmed;
  const upper = trimmed.toUpperCase();
  if (upper === 'GBX') return 'GBX';
  return ISO_4217_ACTIVE.has(upper) ? upper : null;
}

/** True for minor-unit codes (prices in 1/100 of the major currency). */
export function isMinorUnit(code: string): boolean {
  return code === 'GBp' || code === 'GBX' || code === 'ZAc';
}
