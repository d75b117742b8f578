// The python3 fetcher for targets without curl: urllib with the same request options
// (a JSON FetchRequest on stdin) and the same output layout as the curl fetcher.
import { FETCH_MARK, HEADERS_MARK } from './http-marks.js'

export const PYTHON_FETCH = String.raw`
import base64, gzip, json, shutil, ssl, sys, urllib.error, urllib.request
from email.utils import formatdate
req = json.load(sys.stdin)
handlers = []
if not req.get('useProxy', True):
    handlers.append(urllib.request.ProxyHandler({}))
ctx = ssl.create_default_context()
if not req.get('validateCerts', True):
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
if req.get('clientCert'):
    ctx.load_cert_chain(req['clientCert'], req.get('clientKey'))
if req.get('ciphers'):
    ctx.set_ciphers(':'.join(req['ciphers']))
handlers.append(urllib.request.HTTPSHandler(context=ctx))
headers = dict(req.get('headers') or {})
headers.setdefault('User-Agent', req.get('userAgent') or 'ansible-httpget')
if req.get('username') is not None:
    if req.get('forceBasicAuth'):
        pair = '%s:%s' % (req['username'], req.get('password') or '')
        headers['Authorization'] = 'Basic ' + base64.b64encode(pair.encode()).decode()
    else:
        mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        mgr.add_password(None, req['url'], req['username'], req.get('password') or '')
        handlers += [urllib.request.HTTPBasicAuthHandler(mgr), urllib.request.HTTPDigestAuthHandler(mgr)]
if req.get('ifModifiedSince') is not None:
    headers['If-Modified-Since'] = formatdate(req['ifModifiedSince'], usegmt=True)
decompress = req.get('decompress', True)
if decompress:
    headers.setdefault('Accept-Encoding', 'gzip')
request = urllib.request.Request(req['url'], headers=headers, method=req.get('method') or 'GET')
out = sys.stdout.buffer
def finish(status, url, reason, head):
    out.write(('\n${FETCH_MARK} %d %s\n${HEADERS_MARK}\nHTTP/1.1 %d %s\n' % (status, url, status, reason)).encode())
    out.write(str(head).encode('latin-1', 'replace'))
    out.flush()
try:
    resp = urllib.request.build_opener(*handlers).open(request, timeout=req.get('timeout', 10))
except urllib.error.HTTPError as e:
    finish(e.code, e.geturl() or req['url'], e.reason, e.headers)
    sys.exit(0)
except Exception as e:
    sys.stderr.write(str(e))
    sys.exit(1)
status = resp.getcode() or 200
body = resp
if decompress and resp.headers.get('Content-Encoding', '').lower() == 'gzip':
    body = gzip.GzipFile(fileobj=resp)
if req.get('output'):
    with open(req['output'], 'wb') as f:
        shutil.copyfileobj(body, f)
else:
    shutil.copyfileobj(body, out)
finish(status, resp.geturl(), getattr(resp, 'reason', None) or 'OK', resp.headers)
`
