/**
 * Who lives in the demo and test directory. The people are chosen to catch what real bank
 * directories contain: umlauts and accents, apostrophes, a comma inside a DN value, a user name
 * that differs from the DN, an institution name full of filter metacharacters, an agent in
 * several groups, a contractor, staff without an agent role, a locked and an expired account.
 */

export const agentGroupNames = [
  'kontor-serviceline',
  'kontor-settlement',
  'kontor-custody',
  'kontor-tax',
  'kontor-itops',
  'kontor-helpdesk',
  'kontor-teamleads',
  'kontor-contractors',
] as const;
export type AgentGroupName = (typeof agentGroupNames)[number];
/** `staff` is an ordinary company group that grants no Kontor role. */
export type DemoGroupName = AgentGroupName | 'staff';

export const demoGroupDescriptions: Record<DemoGroupName, string> = {
  'kontor-serviceline': 'First-level ServiceLine agents',
  'kontor-settlement': 'Securities settlement (Wertpapierabwicklung)',
  'kontor-custody': 'Custody (Depotverwahrung)',
  'kontor-tax': 'Tax services (Steuerservice)',
  'kontor-itops': 'IT operations',
  'kontor-helpdesk': 'Internal helpdesk',
  'kontor-teamleads': 'Team leads',
  'kontor-contractors': 'External contractors',
  staff: 'All employees of the bank (no Kontor role)',
};

export interface DemoPersonSpec {
  uid: string;
  givenName: string;
  sn: string;
  /** The DN's naming value when the entry is named by cn (Active Directory style) instead of uid. */
  cn?: string;
  namedBy: 'uid' | 'cn';
  mail: string;
  phone: string;
  title: string;
  groups: readonly DemoGroupName[];
  /** Password-policy state written into the entry. */
  state?: 'locked' | 'expired';
}

export const demoPeopleSpec = {
  mmueller: { uid: 'mmueller', givenName: 'Maria', sn: 'Müller', namedBy: 'uid', mail: 'maria.mueller@kontor-bank.example', phone: '+49 69 1234-101', title: 'Teamleiterin ServiceLine', groups: ['kontor-serviceline', 'kontor-settlement', 'kontor-teamleads', 'staff'] },
  sobrien: { uid: 'sobrien', givenName: 'Seán', sn: "O'Brien", namedBy: 'cn', mail: 'sean.obrien@kontor-bank.example', phone: '+49 69 1234-202', title: 'Custody specialist', groups: ['kontor-custody', 'staff'] },
  hmeier: { uid: 'hmeier', givenName: 'Hans', sn: 'Meier', cn: 'Meier, Hans', namedBy: 'cn', mail: 'hans.meier@kontor-bank.example', phone: '+49 69 1234-303', title: 'Steuerexperte', groups: ['kontor-tax', 'staff'] },
  pschulz: { uid: 'pschulz', givenName: 'Petra', sn: 'Schulz', namedBy: 'uid', mail: 'petra.schulz@kontor-bank.example', phone: '+49 69 1234-404', title: 'Interner Helpdesk', groups: ['kontor-helpdesk', 'staff'] },
  dnowak: { uid: 'dnowak', givenName: 'Dariusz', sn: 'Nowak', namedBy: 'uid', mail: 'dariusz.nowak@kontor-bank.example', phone: '+49 69 1234-505', title: 'IT-Betrieb', groups: ['kontor-itops', 'staff'] },
  lweber: { uid: 'lweber', givenName: 'Lukas', sn: 'Weber', namedBy: 'uid', mail: 'lukas.weber@kontor-bank.example', phone: '+49 69 1234-606', title: 'Wertpapierabwicklung', groups: ['kontor-settlement', 'staff'] },
  kraus: { uid: 'extern.kraus', givenName: 'Kevin', sn: 'Kraus', namedBy: 'uid', mail: 'kevin.kraus@contractor.example', phone: '+49 170 5550-123', title: 'External consultant', groups: ['kontor-contractors'] },
  jschmidt: { uid: 'jschmidt', givenName: 'Julia', sn: 'Schmidt', namedBy: 'uid', mail: 'julia.schmidt@kontor-bank.example', phone: '+49 69 1234-707', title: 'Buchhaltung', groups: ['staff'] },
  twagner: { uid: 'twagner', givenName: 'Tobias', sn: 'Wagner', namedBy: 'uid', mail: 'tobias.wagner@kontor-bank.example', phone: '+49 69 1234-808', title: 'ServiceLine', groups: ['kontor-serviceline', 'staff'], state: 'locked' },
  afischer: { uid: 'afischer', givenName: 'Anna', sn: 'Fischer', namedBy: 'uid', mail: 'anna.fischer@kontor-bank.example', phone: '+49 69 1234-909', title: 'ServiceLine', groups: ['kontor-serviceline', 'staff'], state: 'expired' },
} as const satisfies Record<string, DemoPersonSpec>;
export type DemoPersonKey = keyof typeof demoPeopleSpec;

export interface DemoCustomerSpec {
  uid: string;
  givenName: string;
  sn: string;
  mail: string;
  phone: string;
}

export interface DemoInstitutionSpec {
  name: string;
  customers: Record<string, DemoCustomerSpec>;
}

export const demoInstitutionsSpec = {
  globex: {
    name: 'Globex (Europe) *Ltd*',
    customers: {
      jsmith: { uid: 'jsmith', givenName: 'John', sn: 'Smith', mail: 'john.smith@globex.example', phone: '+44 20 7946 0101' },
      soconnor: { uid: 'soconnor', givenName: 'Siobhán', sn: "O'Connor", mail: 'siobhan.oconnor@globex.example', phone: '+44 20 7946 0102' },
      ppatel: { uid: 'ppatel', givenName: 'Priya', sn: 'Patel', mail: 'priya.patel@globex.example', phone: '+44 20 7946 0103' },
    },
  },
  loewe: {
    name: 'Bankhaus Löwe & Söhne KG',
    customers: {
      jloewe: { uid: 'jloewe', givenName: 'Jürgen', sn: 'Löwe', mail: 'juergen.loewe@loewe-bank.example', phone: '+49 89 5550-11' },
      kgross: { uid: 'kgross', givenName: 'Käthe', sn: 'Groß', mail: 'kaethe.gross@loewe-bank.example', phone: '+49 89 5550-12' },
      mdangelo: { uid: 'mdangelo', givenName: 'Marco', sn: "D'Angelo", mail: 'marco.dangelo@loewe-bank.example', phone: '+49 89 5550-13' },
      fbauer: { uid: 'fbauer', givenName: 'Friedrich', sn: 'Bauer', mail: 'friedrich.bauer@loewe-bank.example', phone: '+49 89 5550-14' },
    },
  },
  hanse: {
    name: 'Hanseatische Wertpapierhandel GmbH & Co. KG',
    customers: {
      jweiss: { uid: 'jweiss', givenName: 'Jörg', sn: 'Weiß', mail: 'joerg.weiss@hanseatische-wph.example', phone: '+49 211 5550-31' },
      rhoffmann: { uid: 'rhoffmann', givenName: 'Renée', sn: 'Hoffmann', mail: 'renee.hoffmann@hanseatische-wph.example', phone: '+49 211 5550-32' },
    },
  },
  initech: {
    name: 'Initech, S.A.',
    customers: {
      plefevre: { uid: 'plefevre', givenName: 'Pierre', sn: 'Lefèvre', mail: 'pierre.lefevre@initech.example', phone: '+33 1 5550 2101' },
      agarcia: { uid: 'agarcia', givenName: 'Ana', sn: 'García', mail: 'ana.garcia@initech.example', phone: '+33 1 5550 2102' },
      blumbergh: { uid: 'blumbergh', givenName: 'Bill', sn: 'Lumbergh', mail: 'bill.lumbergh@initech.example', phone: '+33 1 5550 2103' },
    },
  },
} as const satisfies Record<string, DemoInstitutionSpec>;
export type DemoInstitutionKey = keyof typeof demoInstitutionsSpec;
