<%/* The __ID__ page. data: items, canManage, error, value (see routes.ts). */%>
<div class="page-header">
  <h1><%= it.t('__ID__.title') %></h1>
</div>
<%~ await includeAsync('__ID__/items', it) %>
