<%/* The form and the list: a whole page includes it, the htmx form post swaps it. */%>
<section id="__ID__-items" class="stack">
<% if (it.canManage) { %>
  <form class="card form" method="post" action="/__ID__" hx-post="/__ID__" hx-target="#__ID__-items" hx-swap="outerHTML">
    <input type="hidden" name="_csrf" value="<%= it.shell.csrfToken %>">
    <div class="field<%= it.error ? ' error' : '' %>">
      <label for="__ID__-title"><%= it.t('__ID__.field.title') %></label>
      <input id="__ID__-title" name="title" value="<%= it.value %>" maxlength="120" required<% if (it.error) { %> aria-invalid="true" aria-describedby="__ID__-title-error"<% } %>>
<% if (it.error) { %>
      <p id="__ID__-title-error" class="field-error"><%= it.error %></p>
<% } %>
    </div>
    <div class="actions"><button class="btn btn-primary" type="submit"><%= it.t('__ID__.add') %></button></div>
  </form>
<% } %>
<% if (it.items.length) { %>
  <div class="table-wrap">
    <table class="table">
      <thead><tr><th><%= it.t('__ID__.field.title') %></th><th><%= it.t('__ID__.field.created_by') %></th><th><%= it.t('__ID__.field.created_at') %></th></tr></thead>
      <tbody>
<% for (const item of it.items) { %>
        <tr><td><%= item.title %></td><td><%= item.createdBy || '' %></td><td><%= it.date(item.createdAt) %></td></tr>
<% } %>
      </tbody>
    </table>
  </div>
<% } else { %>
<%~ await includeAsync('core/empty', { ...it, text: it.t('__ID__.empty') }) %>
<% } %>
</section>
