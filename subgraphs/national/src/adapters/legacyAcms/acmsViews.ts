import { EU_MEMBER_STATES, type ConnectedCountry, NORDIC_COUNTRIES, eurostatGroupOf } from '@nordic/schema';
import { RECORD_KEY_RANGE } from '../../statistics/cellKeyPerturbation';
import {
  ACMS_CASE_STATUS,
  ACMS_EVENT_TYPE,
  ACMS_EXPLOITATION_FORM,
  ACMS_IDENTIFICATION,
  ACMS_SEX,
  ageBandSql,
  toContractSql,
} from './codeMaps';

/** The reference store's case tables, which the adapter serves as views over ACMS. */
export const CASE_TABLES = [
  'cases',
  'case_exploitations',
  'trafficking_events',
  'indicator_observations',
  'assistance_episodes',
] as const;

const month = (column: string) => `to_char(${column}, 'YYYY-MM')`;
const codes = (column: string) => `replace(${column}, ';', ',')`;
const quoted = (values: Iterable<string>) => [...values].map((v) => `'${v}'`).join(', ');

/** The contract's local id of an ACMS record number: IHK/2023/000042 → 2023-000042. */
const localIdSql = "regexp_replace(t.diaarinumero, '^IHK/([0-9]{4})/([0-9]+)$', '\\1-\\2')";

/**
 * The record key of cell-key perturbation for an ACMS case: a keyed hash (SHA-256 of this store's secret
 * and the legacy primary key) read as a whole number in [0, 2^31). Stable for the life of the record, like
 * the reference store's drawn key, and unpredictable without the secret, which never leaves the store.
 */
const recordKeySql = `(('x' || encode(substring(sha256(convert_to((SELECT record_key_secret FROM acms_adapter_keys) || ':' || t.tapaus_id::text, 'UTF8')) FROM 1 FOR 4), 'hex'))::bit(32)::bigint % ${RECORD_KEY_RANGE})::integer`;

function citizenshipGroupSql(country: ConnectedCountry): string {
  const first = "nullif(split_part(h.kansalaisuudet, ';', 1), '')";
  const otherNordic = NORDIC_COUNTRIES.filter((c) => c !== country);
  return `CASE WHEN ${first} IS NULL THEN 'UNKNOWN' WHEN ${first} = '${country}' THEN 'REPORTING_COUNTRY'
    WHEN ${first} IN (${quoted(otherNordic)}) THEN 'OTHER_NORDIC'
    WHEN ${first} IN (${quoted(EU_MEMBER_STATES)}) THEN 'OTHER_EU' ELSE 'NON_EU' END`;
}

function exploitationGroupSql(formSql: string): string {
  const whens = Object.keys(ACMS_EXPLOITATION_FORM)
    .map((form) => `WHEN '${form}' THEN '${eurostatGroupOf(form as keyof typeof ACMS_EXPLOITATION_FORM)}'`)
    .join(' ');
  return `CASE ${formSql} ${whens} END`;
}

/**
 * The views, in schema `nordic`, that give ACMS's tables the shape the reference store reads: the
 * same table and column names, the contract's codes, months as YYYY-MM, the derived statistics
 * dimensions. `seq` is the legacy primary key, so cursors and the side tables (referrals, links) hold it.
 */
export function acmsViewStatements(country: ConnectedCountry): string[] {
  const form = toContractSql('main.muoto', ACMS_EXPLOITATION_FORM);
  return [
    `CREATE VIEW cases AS
     SELECT t.tapaus_id AS seq,
       '${country}:Case:' || ${localIdSql} AS id,
       EXTRACT(YEAR FROM t.avattu)::integer AS opened_year,
       ${month('t.avattu')} AS opened_month,
       ${month('t.suljettu')} AS closed_month,
       ${toContractSql('t.tila', ACMS_CASE_STATUS)} AS status,
       t.kirjaaja_tyyppi AS registering_org_type,
       ${toContractSql('h.sukupuoli', ACMS_SEX)} AS sex,
       ${ageBandSql('h.ika_tunnistettaessa')} AS age_band,
       CASE WHEN h.ika_tunnistettaessa IS NULL THEN 'UNKNOWN' WHEN h.ika_tunnistettaessa < 18 THEN 'CHILD' ELSE 'ADULT' END AS age_group,
       h.alaikainen_hyvaksikaytettaessa AS minor_at_exploitation,
       ${codes('h.kansalaisuudet')} AS citizenship,
       ${citizenshipGroupSql(country)} AS citizenship_group,
       h.maahanmuuttoasema AS migration_status,
       t.varvaajasuhde AS recruiter_relationship,
       ${codes('t.varvaystavat')} AS recruitment_methods,
       t.mukana_lapsia::integer AS accompanied_children_count,
       ${codes('h.kielet')} AS languages,
       ${toContractSql('t.tunnistus_tila', ACMS_IDENTIFICATION)} AS identification_status,
       t.tunnistaja_tyyppi AS decided_by_org_type,
       ${month('t.tunnistus_pvm')} AS decided_month,
       ${month('t.harkinta_aika_paattyy')} AS reflection_period_ends_month,
       COALESCE(${form}, 'UNKNOWN') AS exploitation_form,
       COALESCE(${exploitationGroupSql(form)}, 'UNKNOWN') AS exploitation_group,
       COALESCE(main.toimiala, '') AS industry,
       t.tekijatiedot_kirjattu AS has_perpetrator_summary,
       t.tekijoita::integer AS perpetrator_count,
       ${codes('t.tekijaroolit')} AS perpetrator_roles,
       t.oikeushenkilo AS legal_person_involved,
       t.esitutkinta_aloitettu AS criminal_investigation_opened,
       t.kansallinen_peruste AS legal_basis_national,
       t.turvallisuusriski AS safety_risk_level,
       EXISTS (SELECT 1 FROM acms.tukitoimi s WHERE s.tapaus_id = t.tapaus_id) AS assisted,
       NULL::varchar AS origin_referral_id,
       COALESCE(a.responsible_org_id, '${country}:Organisation:' || t.vastuuyksikko) AS responsible_org_id,
       EXISTS (SELECT 1 FROM case_links l WHERE l.case_seq = t.tapaus_id) AS has_links,
       t.testiaineisto AS synthetic,
       ${recordKeySql} AS record_key,
       -- ACMS keeps no version of its own; the network never writes its cases (acmsPort.ts refuses).
       1 AS version
     FROM acms.tapaus t
     JOIN acms.henkilo h ON h.henkilo_id = t.henkilo_id
     LEFT JOIN acms_case_assignments a ON a.case_seq = t.tapaus_id
     LEFT JOIN LATERAL (
       SELECT x.muoto, x.toimiala FROM acms.hyvaksikaytto x
       WHERE x.tapaus_id = t.tapaus_id ORDER BY x.hyvaksikaytto_id LIMIT 1
     ) main ON true`,
    // The child tables' own primary keys give both `seq` and the order within a case (`position`).
    `CREATE VIEW case_exploitations AS
     SELECT x.hyvaksikaytto_id AS seq, x.tapaus_id AS case_seq, x.hyvaksikaytto_id AS position,
       ${toContractSql('x.muoto', ACMS_EXPLOITATION_FORM)} AS form,
       x.seksuaalinen_muoto AS sexual_type, x.toimiala AS industry, x.maa::varchar AS country,
       ${month('x.alkoi')} AS from_month, ${month('x.paattyi')} AS to_month,
       ${codes('x.kontrollikeinot')} AS means_of_control, x.verkossa AS online_facilitated
     FROM acms.hyvaksikaytto x`,
    `CREATE VIEW trafficking_events AS
     SELECT e.tapahtuma_id AS seq, e.tapaus_id AS case_seq, e.tapahtuma_id AS position,
       ${toContractSql('e.laji', ACMS_EVENT_TYPE)} AS type, e.maa::varchar AS country, e.nuts2,
       ${month('e.pvm')} AS month
     FROM acms.tapahtuma e`,
    `CREATE VIEW indicator_observations AS
     SELECT i.indikaattori_id AS seq, i.tapaus_id AS case_seq, i.indikaattori_id AS position,
       i.indikaattori AS indicator, i.havaitsija_tyyppi AS observed_by_org_type, ${month('i.havaittu')} AS month
     FROM acms.indikaattori i`,
    `CREATE VIEW assistance_episodes AS
     SELECT s.tukitoimi_id AS seq, s.tapaus_id AS case_seq, s.tukitoimi_id AS position,
       s.tuki AS type, s.tarjoaja_tyyppi AS provider_org_type, s.tila AS status,
       ${month('s.alkoi')} AS start_month, ${month('s.paattyi')} AS end_month
     FROM acms.tukitoimi s`,
    // Two facts of the network's are written to an ACMS case: a confirmed link marks it (`has_links`,
    // derived from the side table, so the mark is accepted as it is) and `assignCase` names its
    // responsible organisation (kept in the side table acms_case_assignments, over ACMS's own unit).
    // Nothing else about an ACMS case is changed through the views.
    `CREATE FUNCTION acms_case_update() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF (to_jsonb(NEW) - 'has_links' - 'responsible_org_id') IS DISTINCT FROM (to_jsonb(OLD) - 'has_links' - 'responsible_org_id') THEN
         RAISE EXCEPTION 'ACMS cases are changed in ACMS, not through the network adapter';
       END IF;
       IF NEW.responsible_org_id IS DISTINCT FROM OLD.responsible_org_id THEN
         INSERT INTO acms_case_assignments (case_seq, responsible_org_id) VALUES (OLD.seq, NEW.responsible_org_id)
         ON CONFLICT (case_seq) DO UPDATE SET responsible_org_id = EXCLUDED.responsible_org_id;
       END IF;
       RETURN NEW;
     END $$`,
    `CREATE TRIGGER acms_case_update INSTEAD OF UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION acms_case_update()`,
  ];
}
