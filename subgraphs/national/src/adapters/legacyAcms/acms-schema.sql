-- ACMS ("Anti-trafficking Case Management System"): the schema of a FICTIONAL existing national
-- system, as a country might already run it. It is deliberately unlike the reference store: Finnish
-- column names, its own code values ('SEX_EXPL', 'AVOIN', 'N'/'M'/'T'), dates as DATE, the age in
-- years rather than a band, persons in a table of their own, lists separated by ';', several
-- exploitations per case in a child table. The adapter only reads it (views in schema `nordic`,
-- see acmsViews.ts); nothing of the network's is stored here.
CREATE SCHEMA IF NOT EXISTS acms;

CREATE TABLE IF NOT EXISTS acms.henkilo (
  henkilo_id serial PRIMARY KEY,
  sukunimi varchar(80) NOT NULL,             -- national-only: never mapped into the contract
  etunimet varchar(120) NOT NULL,            -- national-only
  syntymakuukausi varchar(7),                -- national-only
  sukupuoli char(1) NOT NULL,                -- N nainen, M mies, T tuntematon
  ika_tunnistettaessa smallint,              -- age in years at identification; NULL when unknown
  alaikainen_hyvaksikaytettaessa boolean,
  kansalaisuudet varchar(64) NOT NULL DEFAULT '',   -- ISO 3166 codes separated by ';'
  kielet varchar(64) NOT NULL DEFAULT '',           -- ISO 639-1 codes separated by ';'
  maahanmuuttoasema varchar(40)
);

CREATE TABLE IF NOT EXISTS acms.tapaus (
  tapaus_id serial PRIMARY KEY,
  diaarinumero varchar(24) NOT NULL UNIQUE,  -- IHK/<year>/<number>, e.g. IHK/2023/000042
  henkilo_id integer NOT NULL REFERENCES acms.henkilo (henkilo_id),
  avattu date NOT NULL,
  suljettu date,
  tila varchar(16) NOT NULL,                 -- AVOIN, JALKIHOITO, SULJETTU, SIIRRETTY
  kirjaaja_tyyppi varchar(32) NOT NULL,
  tunnistus_tila varchar(16) NOT NULL,       -- MAHDOLLINEN, OLETETTU, TUNNISTETTU, EI_UHRI, KIELTAYTYI
  tunnistaja_tyyppi varchar(28) NOT NULL,
  tunnistus_pvm date,
  harkinta_aika_paattyy date,
  varvaajasuhde varchar(20),
  varvaystavat varchar(255) NOT NULL DEFAULT '',
  mukana_lapsia smallint,
  tekijatiedot_kirjattu boolean NOT NULL DEFAULT false,
  tekijoita smallint,
  tekijaroolit varchar(255) NOT NULL DEFAULT '',
  oikeushenkilo boolean,
  esitutkinta_aloitettu boolean,
  kansallinen_peruste varchar(64),
  turvallisuusriski varchar(12) NOT NULL,
  vastuuyksikko varchar(40),                 -- the responsible unit's own code, e.g. 'nsp'
  testiaineisto boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS tapaus_avattu ON acms.tapaus (avattu, tapaus_id);

CREATE TABLE IF NOT EXISTS acms.hyvaksikaytto (
  hyvaksikaytto_id serial PRIMARY KEY,
  tapaus_id integer NOT NULL REFERENCES acms.tapaus (tapaus_id) ON DELETE CASCADE,
  muoto varchar(16) NOT NULL,                -- SEX_EXPL, PAKKOTYO, KERJAAMINEN, …
  seksuaalinen_muoto varchar(32),
  toimiala varchar(2),
  maa char(2) NOT NULL,
  alkoi date,
  paattyi date,
  kontrollikeinot varchar(400) NOT NULL DEFAULT '',
  verkossa boolean
);
CREATE INDEX IF NOT EXISTS hyvaksikaytto_tapaus ON acms.hyvaksikaytto (tapaus_id, hyvaksikaytto_id);

CREATE TABLE IF NOT EXISTS acms.tapahtuma (
  tapahtuma_id serial PRIMARY KEY,
  tapaus_id integer NOT NULL REFERENCES acms.tapaus (tapaus_id) ON DELETE CASCADE,
  laji varchar(16) NOT NULL,                 -- VARVAYS, KAUTTAKULKU, HYVAKSIKAYTTO
  maa char(2) NOT NULL,
  nuts2 varchar(8),
  pvm date
);
CREATE INDEX IF NOT EXISTS tapahtuma_tapaus ON acms.tapahtuma (tapaus_id, tapahtuma_id);

CREATE TABLE IF NOT EXISTS acms.indikaattori (
  indikaattori_id serial PRIMARY KEY,
  tapaus_id integer NOT NULL REFERENCES acms.tapaus (tapaus_id) ON DELETE CASCADE,
  indikaattori varchar(40) NOT NULL,
  havaitsija_tyyppi varchar(32) NOT NULL,
  havaittu date NOT NULL
);
CREATE INDEX IF NOT EXISTS indikaattori_tapaus ON acms.indikaattori (tapaus_id, indikaattori_id);

CREATE TABLE IF NOT EXISTS acms.tukitoimi (
  tukitoimi_id serial PRIMARY KEY,
  tapaus_id integer NOT NULL REFERENCES acms.tapaus (tapaus_id) ON DELETE CASCADE,
  tuki varchar(40) NOT NULL,
  tarjoaja_tyyppi varchar(32) NOT NULL,
  tila varchar(12) NOT NULL,
  alkoi date NOT NULL,
  paattyi date
);
CREATE INDEX IF NOT EXISTS tukitoimi_tapaus ON acms.tukitoimi (tapaus_id, tukitoimi_id);
