/**
 * The browser side of the IDE, served as `start.js` and `ide.css` (separate files, so the page's
 * Content-Security-Policy needs no inline script or style). Plain ES2017 over the UMD globals `React`,
 * `ReactDOM` and `GraphiQL`; the page hands it its settings in a JSON block (`#nordic-ide-config`):
 * `{ title, endpoint, schemaUrl, storageNamespace, styleNonce, examples: [{ title, query, variables?, caller? }],
 * signIn: [{ country, issuer, clientId }], purposes: [...] }`.
 *
 * Examples open as GraphiQL's default tabs on a first visit; GraphiQL then keeps the user's tabs in
 * localStorage, so the "Examples" panel reopens any example in a tab later.
 *
 * One set of connection headers serves every tab: the bar above GraphiQL signs in with OpenID Connect
 * (window.NordicSignIn, ide-signin.js) and picks the purpose; the fetcher adds `Authorization` and
 * `x-purpose` to each request. The token stays in the sign-in's memory: it is never in a tab's Headers,
 * so GraphiQL never writes it to its history, and what GraphiQL stores is stripped of any headers a
 * user typed (its history records them even with header persistence off).
 */
export const START_SCRIPT = String.raw`(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('nordic-ide-config').textContent);
  var React = window.React;
  var ReactDOM = window.ReactDOM;
  var GraphiQL = window.GraphiQL;
  var h = React.createElement;
  var container = document.getElementById('graphiql');
  // react-remove-scroll (GraphiQL's dialogs) tags the <style> it adds with this nonce.
  window.__webpack_nonce__ = config.styleNonce;

  var signInCountries = config.signIn || [];
  var purposes = config.purposes || [];
  var shared = { purpose: 'VICTIM_ASSISTANCE_CONTINUITY', signIn: null, lastEvent: 'signed-out' };

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === 'text') node.textContent = attributes[name];
      else node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function option(value, chosen) {
    var node = element('option', { value: value, text: value });
    if (value === chosen) node.selected = true;
    return node;
  }

  // The bar above GraphiQL: sign-in (when the gateway names identity providers) and the purpose.
  function buildBar() {
    var bar = element('div', { id: 'nordic-ide-bar', class: 'nordic-ide-bar', role: 'region', 'aria-label': 'Connection' });
    var message = element('span', { id: 'nordic-ide-message', role: 'status' });
    var purpose = element('select', { id: 'nordic-ide-purpose' }, purposes.map(function (p) { return option(p, shared.purpose); }));
    purpose.addEventListener('change', function () {
      shared.purpose = purpose.value;
    });
    if (signInCountries.length > 0) {
      var country = element('select', { id: 'nordic-ide-country' }, signInCountries.map(function (c) { return option(c.country); }));
      var form = element('form', { id: 'nordic-ide-sign-in' }, [
        element('label', {}, ['Your country ', country]),
        ' ',
        element('button', { type: 'submit', id: 'nordic-ide-sign-in-button', text: 'Sign in' })
      ]);
      var who = element('span', { id: 'nordic-ide-who' });
      var signOut = element('button', { type: 'button', id: 'nordic-ide-sign-out', text: 'Sign out' });
      var signedIn = element('span', { id: 'nordic-ide-signed-in' }, [who, ' ', signOut]);
      signedIn.hidden = true;
      var show = function () {
        var session = shared.signIn.session();
        form.hidden = session !== null;
        signedIn.hidden = session === null;
        who.textContent = session
          ? 'Signed in as ' + session.subject + ' (' + session.country + ': ' + session.roles.join(', ') +
            ') until ' + session.expiresAt.toLocaleTimeString()
          : '';
      };
      shared.signIn = new window.NordicSignIn(signInCountries, window.location.pathname, function (event) {
        shared.lastEvent = event.kind;
        show();
        message.textContent =
          event.kind === 'failed' ? 'Sign-in failed: ' + event.reason
            : event.kind === 'expired' ? 'Your sign-in has ended: sign in again.'
              : '';
      });
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        shared.signIn.start(country.value).catch(function (error) {
          message.textContent = 'Sign-in failed: ' + error.message;
        });
      });
      signOut.addEventListener('click', function () {
        shared.signIn.signOut();
      });
      bar.appendChild(form);
      bar.appendChild(signedIn);
    }
    bar.appendChild(element('label', {}, ['Purpose ', purpose]));
    bar.appendChild(message);
    document.body.insertBefore(bar, container);
    return purpose;
  }
  var purposeSelect = buildBar();

  function setHeader(headers, name, value) {
    Object.keys(headers).forEach(function (key) {
      if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
    });
    headers[name] = value;
  }

  // Every tab's requests carry the shared headers (over whatever a tab's Headers say).
  function sharedHeadersFetcher(base) {
    return function (params, options) {
      var headers = Object.assign({}, (options && options.headers) || {});
      var token = shared.signIn ? shared.signIn.token() : null;
      if (token) setHeader(headers, 'Authorization', 'Bearer ' + token);
      if (token || signInCountries.length > 0) setHeader(headers, 'x-purpose', shared.purpose);
      return base(params, Object.assign({}, options, { headers: headers }));
    };
  }

  function withoutHeaders(value) {
    if (Array.isArray(value)) return value.map(withoutHeaders);
    if (value === null || typeof value !== 'object') return value;
    var copy = {};
    Object.keys(value).forEach(function (key) {
      if (key !== 'headers') copy[key] = withoutHeaders(value[key]);
    });
    return copy;
  }

  // GraphiQL's storage, minus headers: tabs and history are kept, what they carried in Headers is not.
  function storageWithoutHeaders(local) {
    return {
      setItem: function (key, value) {
        if (key === 'headers') return;
        var text = value;
        try {
          text = JSON.stringify(withoutHeaders(JSON.parse(value)));
        } catch (error) {
          // not JSON: kept as it is
        }
        local.setItem(key, text);
      },
      getItem: function (key) {
        return key === 'headers' ? null : local.getItem(key);
      },
      removeItem: function (key) {
        local.removeItem(key);
      },
      clear: function () {
        local.clear();
      },
      get length() {
        return local.length;
      }
    };
  }

  function useOfExample(example) {
    var firstLine = example.query.split('\n')[0];
    return firstLine.charAt(0) === '#' ? firstLine.replace(/^#\s*/, '') : '';
  }

  function openExample(editor, example) {
    var variables = example.variables || '';
    if (example.caller && purposes.indexOf(example.caller.purpose) >= 0) {
      shared.purpose = example.caller.purpose;
      purposeSelect.value = example.caller.purpose;
    }
    var index = editor.tabs.findIndex(function (tab) {
      return tab.query === example.query && (tab.variables || '') === variables;
    });
    if (index >= 0) {
      editor.changeTab(index);
      return;
    }
    editor.addTab();
    // addTab empties the editors when React applies the new tab; write the example after that.
    window.setTimeout(function () {
      if (editor.queryEditor) editor.queryEditor.setValue(example.query);
      if (editor.variableEditor) editor.variableEditor.setValue(variables);
    }, 0);
  }

  function ExamplesIcon() {
    return h(
      'svg',
      { viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 1.5, 'aria-hidden': 'true' },
      h('path', { d: 'M8 6h12M8 12h12M8 18h12', strokeLinecap: 'round' }),
      h('path', { d: 'M4 6h.01M4 12h.01M4 18h.01', strokeLinecap: 'round', strokeWidth: 2.5 })
    );
  }

  function ExamplesPanel() {
    var editor = GraphiQL.React.useEditorContext({ nonNull: true });
    return h(
      'section',
      { className: 'nordic-ide-examples', 'aria-label': 'Example operations' },
      h('div', { className: 'graphiql-doc-explorer-title' }, 'Examples'),
      h('p', { className: 'nordic-ide-note' }, 'Operations for the coordinators\u2019 use cases. Choose one to open it in a tab.'),
      h(
        'ul',
        null,
        config.examples.map(function (example, index) {
          return h(
            'li',
            { key: index },
            h(
              'button',
              {
                type: 'button',
                className: 'nordic-ide-example',
                onClick: function () {
                  openExample(editor, example);
                }
              },
              h('span', { className: 'nordic-ide-example-title' }, example.title),
              h('span', { className: 'nordic-ide-example-use' }, useOfExample(example))
            )
          );
        })
      ),
      h(
        'p',
        { className: 'nordic-ide-note' },
        signInCountries.length > 0
          ? 'Sign in above with your country\u2019s identity provider and choose the purpose: every tab sends them. ' +
              'Every read of case data is recorded, with that purpose, in the audit log of the country that holds it. ' +
              'The token is kept in this page only; headers are not saved in this browser.'
          : 'Requests need your bearer token: add {"Authorization": "Bearer \u2026", "x-purpose": "VICTIM_ASSISTANCE_CONTINUITY"} ' +
          'in the Headers tab (on the local network: npm run -s token -- --country FI --role NATIONAL_COORDINATOR). ' +
          'Every read of case data is recorded, with that purpose, in the audit log of the country that holds it. ' +
          'Headers are not saved in this browser.'
      )
    );
  }

  var examplesPlugin = { title: 'Examples', icon: ExamplesIcon, content: ExamplesPanel };

  function render(schema) {
    var props = {
      fetcher: sharedHeadersFetcher(
        GraphiQL.createFetcher({ url: new URL(config.endpoint, window.location.href).toString() })
      ),
      defaultTabs: config.examples.map(function (example) {
        var caller = signInCountries.length > 0 ? null : example.caller;
        var headers = caller
          ? JSON.stringify(
              {
                Authorization: 'Bearer <npm run -s token -- --country ' + caller.country + ' --role ' + caller.role + '>',
                'x-purpose': caller.purpose
              },
              null,
              2
            )
          : null;
        return { query: example.query, variables: example.variables || null, headers: headers };
      }),
      plugins: [examplesPlugin],
      storage: storageWithoutHeaders(GraphiQL.createLocalStorage({ namespace: config.storageNamespace })),
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: 'variables'
    };
    if (schema) props.schema = schema;
    ReactDOM.createRoot(container).render(h(GraphiQL, props, h(GraphiQL.Logo, null, config.title)));
    showExamplesPanel(0);
  }

  // GraphiQL's visiblePlugin prop selects a plugin without opening its pane; its sidebar button does both.
  function showExamplesPanel(attempt) {
    var button = container.querySelector('.graphiql-sidebar button[aria-label="Show Examples"]');
    if (button) button.click();
    else if (attempt < 50) window.setTimeout(showExamplesPanel, 100, attempt + 1);
  }

  // For the browser tests and the curious: the sign-in's state and the shared purpose (never the token).
  window.nordicIde = {
    purpose: function () {
      return shared.purpose;
    },
    signIn: {
      refresh: function () {
        return shared.signIn ? shared.signIn.refresh() : Promise.resolve(false);
      },
      lastEvent: function () {
        return shared.lastEvent;
      }
    }
  };
  var signedInFromRedirect = shared.signIn ? shared.signIn.completeRedirect() : Promise.resolve(false);

  if (!config.schemaUrl) {
    signedInFromRedirect.then(function () {
      render(undefined);
    });
    return;
  }
  // Served by the gateway for networks that switch introspection off; without it GraphiQL introspects.
  fetch(config.schemaUrl, { credentials: 'same-origin' })
    .then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.text();
    })
    .then(function (sdl) {
      return signedInFromRedirect.then(function () {
        return GraphiQL.GraphQL.buildSchema(sdl);
      });
    })
    .then(render, function (error) {
      console.warn('IDE: no schema file (' + error.message + '); introspecting the endpoint instead.');
      render(undefined);
    });
})();
`;

export const IDE_STYLESHEET = `html,
body {
  height: 100%;
  margin: 0;
}
body {
  display: flex;
  flex-direction: column;
}
#graphiql {
  flex: 1;
  min-height: 0;
}
.nordic-ide-bar {
  align-items: center;
  border-bottom: 1px solid #d0d0d0;
  display: flex;
  flex-wrap: wrap;
  font-family: system-ui, sans-serif;
  font-size: 14px;
  gap: 0.5rem 1rem;
  padding: 0.4rem 0.75rem;
}
.nordic-ide-bar form {
  display: inline;
}
.nordic-ide-bar [hidden] {
  display: none;
}
@media (prefers-color-scheme: dark) {
  .nordic-ide-bar {
    background: #1b1b1b;
    border-color: #444;
    color: #eee;
  }
}
.graphiql-container .graphiql-logo {
  flex-shrink: 0;
  font-size: var(--font-size-body);
  padding-left: var(--px-8);
  white-space: nowrap;
}
.nordic-ide-loading {
  font-family: system-ui, sans-serif;
  padding: 2rem;
}
.nordic-ide-examples ul {
  list-style: none;
  margin: var(--px-12) 0;
  padding: 0;
}
.nordic-ide-examples li + li {
  margin-top: var(--px-4);
}
.nordic-ide-note {
  color: hsla(var(--color-neutral), var(--alpha-secondary));
  font-size: var(--font-size-hint);
  line-height: var(--line-height);
}
.nordic-ide-example {
  background: none;
  border: 0;
  border-radius: var(--border-radius-4);
  color: hsl(var(--color-neutral));
  cursor: pointer;
  display: block;
  font: inherit;
  padding: var(--px-8);
  text-align: left;
  width: 100%;
}
.nordic-ide-example:hover,
.nordic-ide-example:focus-visible {
  background: hsla(var(--color-neutral), var(--alpha-background-light));
}
.nordic-ide-example-title {
  display: block;
  font-weight: var(--font-weight-medium);
}
.nordic-ide-example-use {
  color: hsla(var(--color-neutral), var(--alpha-secondary));
  display: block;
  font-size: var(--font-size-hint);
  margin-top: var(--px-2);
}
`;
