import { berlinTime } from './berlin-time.js';
import type { Random } from './random.js';
import {
  clientSystems, corporateActions, custodians, electiveEvents, failReasons, type Localized, securities, settlementMessages, taxCountries, workplaceItems,
} from './vocabulary.js';

export type Language = 'de' | 'en';

const day = 86_400_000;
const monthNames: Record<Language, readonly string[]> = {
  de: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

function date(language: Language, at: number): string {
  const { year, month, day: dayOfMonth } = berlinTime(at);
  const dd = String(dayOfMonth).padStart(2, '0');
  const mm = String(month + 1).padStart(2, '0');
  return language === 'de' ? `${dd}.${mm}.${String(year)}` : `${String(year)}-${mm}-${dd}`;
}

/** 12345.6 → `12.345,60` (German) or `12,345.60`. */
function money(language: Language, value: number): string {
  const [whole = '0', cents = '00'] = value.toFixed(2).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/gu, language === 'de' ? '.' : ',');
  return `EUR ${grouped}${language === 'de' ? ',' : '.'}${cents}`;
}

function count(language: Language, value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/gu, language === 'de' ? '.' : ',');
}

/**
 * The facts one ticket is about (which security, which account, which dates), fixed when it is
 * opened, so that every article of the ticket tells the same story.
 */
export class TicketContext {
  readonly slots: Record<string, string>;

  constructor(random: Random, readonly language: Language, createdAt: number, people: { caller: string; colleague: string }) {
    const l = (pair: Localized): string => (language === 'de' ? pair[0] : pair[1]);
    const [security, isin] = random.zipf(securities, 1.1);
    const [countryDe, countryEn, rate, form] = random.zipf(taxCountries);
    const tradeDate = createdAt - random.int(1, 3) * day;
    const shares = random.zipf([1000, 500, 5000, 10_000, 2500, 250, 20_000, 100, 75_000, 150_000]);
    const { year, month } = berlinTime(createdAt);
    this.slots = {
      security, isin, rate, form,
      quantity: language === 'de' ? `${count(language, shares)} Stück` : `${count(language, shares)} shares`,
      amount: money(language, random.int(50, 250_000) + random.int(0, 99) / 100),
      tradeDate: date(language, tradeDate),
      settlementDate: date(language, tradeDate + 2 * day),
      payDate: date(language, createdAt - random.int(1, 10) * day),
      deadline: date(language, createdAt + random.int(3, 14) * day),
      date: date(language, createdAt - random.int(1, 20) * day),
      year: String(random.chance(0.8) ? year - 1 : year),
      month: monthNames[language][(month + 11) % 12] ?? '',
      reference: `${random.pick(['KT', 'SL', 'CBF', 'EB'])}${String(year % 100)}${String(month + 1).padStart(2, '0')}${random.digits(7)}`,
      depot: `${String(random.int(1, 9))} ${random.digits(3)} ${random.digits(3)}`,
      custodian: random.zipf(custodians),
      message: l(random.zipf(settlementMessages)),
      fail: l(random.zipf(failReasons)),
      ca: l(random.zipf(corporateActions)),
      elective: l(random.zipf(electiveEvents)),
      country: language === 'de' ? countryDe : countryEn,
      system: l(random.zipf(clientSystems)),
      /** Small sums: fees, penalties, compensation. */
      fee: money(language, random.int(25, 950) + random.int(0, 99) / 100),
      item: random.zipf(workplaceItems),
      systemName: '',
      caller: people.caller,
      colleague: people.colleague,
    };
    // In a title the system stands without its article: "Störung: SWIFT-Anbindung".
    this.slots.systemName = (this.slots.system ?? '').replace(/^(?:die|das|der|the) /u, '');
  }

  /** The template with its `{slot}`s filled; `extra` adds or overrides slots (`{name}`, `{queue}`). */
  fill(template: string, extra?: Record<string, string>): string {
    return template.replace(/\{(\w+)\}/gu, (whole, name: string) => extra?.[name] ?? this.slots[name] ?? whole);
  }

  /** The sentence in the ticket's language, filled. */
  say(pair: Localized, extra?: Record<string, string>): string {
    return this.fill(this.language === 'de' ? pair[0] : pair[1], extra);
  }
}
