// Currency codes a holdings file may name: ISO 4217 codes in circulation plus the minor units Yahoo
// quotes some exchanges in (GBp/GBX, ZAc, ILA: the rule is src/currencies.ts).
// Left out on purpose: withdrawn codes (HRK, SLL...), funds and precious metals (XAU, XBA, XTS, XXX...),
// which no holdings cost is given in.
import { isMinorUnit } from '../currencies.js';

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

/**
 * 'gbp' -> 'GBP', 'GBp' -> 'GBp', 'gbx' -> 'GBX', unknown -> null. A minor unit whose code differs
 * from an ISO one only by case (`GBp`, `ZAc`) must be written exactly; the all-capital ones (`GBX`,
 * `ILA`) in any case.
 */
export function normalizeCurrency(raw: string): string | null {
  const trimmed = raw.trim();
  if (isMinorUnit(trimmed)) return trimmed;
  const upper = trimmed.toUpperCase();
  if (isMinorUnit(upper)) return upper;
  return ISO_4217_ACTIVE.has(upper) ? upper : null;
}
