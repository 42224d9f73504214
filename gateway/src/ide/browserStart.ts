/**
 * The browser side of the IDE, served as `start.js` and `ide.css` (separate files, so the page's
 * Content-Security-Policy needs no inline script or style). Plain ES2017 over the UMD globals `React`,
 * `ReactDOM` and `GraphiQL`; the page hands it its settings in a JSON block (`#nordic-ide-config`):
 * `{ title, endpoint, schemaUrl, storageNamespace, styleNonce, examples: [{ title, query, variables?, caller? }] }`.
 *
 * Examples open as GraphiQL's default tabs on a first visit; GraphiQL then keeps the user's tabs in
 * localStorage, so the "Examples" panel reopens any example in a tab later.
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

  function useOfExample(example) {
    var firstLine = example.query.split('\n')[0];
    return firstLine.charAt(0) === '#' ? firstLine.replace(/^#\s*/, '') : '';
  }

  function openExample(editor, example) {
    var variables = example.variables || '';
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
        'Requests need your bearer token: add {"Authorization": "Bearer \u2026", "x-purpose": "VICTIM_ASSISTANCE_CONTINUITY"} ' +
          'in the Headers tab (on the local network: npm run -s token -- --country FI --role NATIONAL_COORDINATOR). ' +
          'Every read of case data is recorded, with that purpose, in the audit log of the country that holds it. ' +
          'Headers are not saved in this browser.'
      )
    );
  }

  var examplesPlugin = { title: 'Examples', icon: ExamplesIcon, content: ExamplesPanel };

  function render(schema) {
    var props = {
      fetcher: GraphiQL.createFetcher({ url: new URL(config.endpoint, window.location.href).toString() }),
      defaultTabs: config.examples.map(function (example) {
        var caller = example.caller;
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
      storage: GraphiQL.createLocalStorage({ namespace: config.storageNamespace }),
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

  if (!config.schemaUrl) {
    render(undefined);
    return;
  }
  // Served by the gateway for networks that switch introspection off; without it GraphiQL introspects.
  fetch(config.schemaUrl, { credentials: 'same-origin' })
    .then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.text();
    })
    .then(function (sdl) {
      return GraphiQL.GraphQL.buildSchema(sdl);
    })
    .then(render, function (error) {
      console.warn('IDE: no schema file (' + error.message + '); introspecting the endpoint instead.');
      render(undefined);
    });
})();
`;

export const IDE_STYLESHEET = `html,
body,
#graphiql {
  height: 100%;
  margin: 0;
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
