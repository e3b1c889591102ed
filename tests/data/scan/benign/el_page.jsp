<%@ taglib prefix="c" uri="http://java.sun.com/jsp/jstl/core" %>
<%-- EL reading parameters and calling known methods: no method named by the request --%>
<h1>${fn:escapeXml(param.title)}</h1>
<p>${cart.items[param.index].name} costs ${cart.total()}; ${user.roles.contains(param.role)}</p>
<c:forEach var="row" items="${report.rows(param.page)}">${row.label}</c:forEach>
