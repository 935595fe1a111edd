// A user's own k6 script, unchanged from how it runs alone: POST a prediction request and check the answer.
// Regatta runs it at the fleet's start instant in every runner pod and merges its http_req_duration points
// exactly (k6 --out json). How long it runs comes from Regatta (warm-up + measured window); the target and the
// number of VUs from the scenario's env.
import http from 'k6/http';
import { check } from 'k6';

export const options = {
  vus: Number(__ENV.VUS || 10),
  duration: `${Number(__ENV.REGATTA_WARMUP_SECONDS) + Number(__ENV.REGATTA_DURATION_SECONDS)}s`,
};

const body = JSON.stringify({ instances: [[1.0, 2.0, 5.0, 3.0]] });
const params = { headers: { 'Content-Type': 'application/json' }, timeout: '10s' };

export default function () {
  const r = http.post(`${__ENV.TARGET}/v1/models/model:predict`, body, params);
  check(r, {
    'status 200': (res) => res.status === 200,
    'has predictions': (res) => res.body && res.body.includes('predictions'),
  });
}
