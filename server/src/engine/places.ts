/**
 * Place names for the `<place>` pattern token: countries (the distinctive word of each
 * short name), capitals and the cities cloud regions are named after, and the states and
 * provinces a residency or governing-law clause names. Lower case, one word each. Names
 * that are also common English words ("Nice", "Reading", "Split", "Mobile", "Chad") are left
 * out: a pattern would read them as places in ordinary prose.
 */
const COUNTRIES =
  "afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia botswana brazil brunei bulgaria burundi cambodia cameroon canada chile china colombia congo croatia cuba cyprus czechia denmark djibouti dominica ecuador egypt eritrea estonia eswatini ethiopia fiji finland france gabon gambia georgia germany ghana greece grenada guatemala guyana haiti honduras hungary iceland india indonesia iran iraq ireland israel italy jamaica japan kazakhstan kenya kiribati kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia maldives mali malta mauritania mauritius mexico micronesia moldova monaco mongolia montenegro morocco mozambique myanmar namibia nauru nepal netherlands nicaragua niger nigeria norway oman pakistan palau palestine panama paraguay peru philippines poland portugal qatar romania russia rwanda samoa senegal serbia seychelles singapore slovakia slovenia somalia spain sudan suriname sweden switzerland syria taiwan tajikistan tanzania thailand togo tonga tunisia turkmenistan tuvalu uganda ukraine uruguay uzbekistan vanuatu venezuela vietnam yemen zambia zimbabwe " +
  // Distinctive words of multi-word names and common short forms.
  "emirates uae uk u.k britain england wales scotland kingdom usa u.s america zealand korea lanka arabia macedonia herzegovina holland czech " +
  // Regions made of several countries.
  "europe eu eea efta nordics nordic scandinavia baltics benelux dach";

const CITIES =
  "amsterdam athens barcelona belfast berlin bern bratislava brussels bucharest budapest copenhagen dresden dublin dusseldorf düsseldorf edinburgh frankfurt geneva gothenburg hamburg helsinki krakow kraków leipzig lisbon ljubljana london luxembourg lyon madrid marseille milan munich nicosia oslo paris prague riga rome rotterdam sofia stockholm strasbourg stuttgart tallinn tbilisi utrecht valletta vienna vilnius warsaw zagreb zurich zürich " +
  "montreal ottawa toronto vancouver quebec sydney melbourne canberra brisbane perth auckland wellington tokyo osaka seoul mumbai delhi jakarta riyadh doha dubai johannesburg nairobi lagos cairo tel-aviv " +
  "boston chicago dallas denver seattle atlanta houston miami phoenix portland virginia ohio oregon iowa texas california delaware washington arizona utah nevada illinois massachusetts carolina florida york jersey";

const PROVINCES =
  "ontario alberta manitoba saskatchewan nunavut yukon labrador newfoundland brunswick scotia tasmania victoria queensland " +
  "bavaria bayern hesse hessen saxony sachsen brandenburg westphalia catalonia flanders wallonia lombardy";

/** Every place name `<place>` stands for. */
export const PLACE_NAMES: readonly string[] = [...new Set(`${COUNTRIES} ${CITIES} ${PROVINCES}`.split(/\s+/).filter(Boolean))];
