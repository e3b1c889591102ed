// Admin route that runs one of a fixed set of maintenance scripts; the request only picks a name.
const { execFile } = require('child_process');
const SCRIPTS = { reindex: '/opt/app/bin/reindex', purge: '/opt/app/bin/purge-cache' };
module.exports = (app) => app.post('/admin/run/:name', (req, res) => {
  const script = SCRIPTS[req.params.name];
  if (!script) return res.sendStatus(404);
  execFile(script, [], (err, out) => res.send(out));
});
