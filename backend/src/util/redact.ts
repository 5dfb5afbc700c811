/** Query parameters whose values are secrets: callback and push signatures, tokens, codes. */
const SECRET_PARAMS = new Set(['sig', 'signature', 'msg_signature', 'token', 'access_token', 'echostr', 'code', 'key', 'secret', 'password', 'ticket']);

/**
 * A request URL fit for the log: the path and the parameter names, with the values of secret parameters
 * replaced by `***` (a logged signed callback URL must not be replayable from the log).
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map(pair => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let key = name;
      try {
        key = decodeURIComponent(name).toLowerCase();
      } catch {
        key = name.toLowerCase(); // broken %-escape: judge the raw name
      }
      return eq >= 0 && SECRET_PARAMS.has(key) ? `${name}=***` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}
