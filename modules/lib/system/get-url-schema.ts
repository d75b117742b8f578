// get_url's parameter schema (its documentation, too).
import type { JsonSchema } from '../../../engine/module.js'
import { backupProperty, fileAttrProperties } from '../files/params.js'

export const getUrlSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['url', 'dest'],
  properties: {
    url: { type: 'string', description: 'http://, https://, ftp:// or file:// URL to download.' },
    dest: {
      type: 'string',
      description: 'Path on the target. A folder keeps the server\'s file name (Content-Disposition, else the URL\'s last component).',
    },
    backup: backupProperty,
    checksum: {
      type: 'string',
      default: '',
      description:
        '"algorithm:hex" (md5, sha1, sha224, sha256, sha384, sha512) or "algorithm:URL" of a checksum file. The download is ' +
        'verified, and an existing file with this checksum is not downloaded again.',
    },
    force: {
      type: 'boolean',
      default: false,
      description: 'Download even when the server says the existing file is current (no If-Modified-Since).',
    },
    timeout: { type: 'integer', default: 10, description: 'Seconds to wait for the connection and for data.' },
    headers: { type: 'object', description: 'Extra HTTP request headers.' },
    tmp_dest: { type: 'string', description: 'Folder for the temporary download (default: the destination\'s folder).' },
    validate_certs: { type: 'boolean', default: true, description: 'Check HTTPS certificates.' },
    use_proxy: { type: 'boolean', default: true, description: 'Honour the target\'s proxy environment variables.' },
    url_username: { type: 'string', description: 'User name for HTTP authentication.' },
    url_password: { type: 'string', description: 'Password for HTTP authentication (sent on stdin, never in an argv).' },
    force_basic_auth: { type: 'boolean', default: false, description: 'Send Basic credentials at once instead of after a 401.' },
    http_agent: { type: 'string', default: 'ansible-httpget', description: 'User-Agent header.' },
    client_cert: { type: 'string', description: 'PEM client certificate on the target (may include the key).' },
    client_key: { type: 'string', description: 'PEM private key of the client certificate, on the target.' },
    decompress: { type: 'boolean', default: true, description: 'Decompress gzip-encoded responses.' },
    ciphers: { type: 'array', items: { type: 'string' }, description: 'TLS cipher list.' },
    use_netrc: { type: 'boolean', default: true, description: 'Use credentials from ~/.netrc when no user name is given.' },
    ...fileAttrProperties,
  },
}
