<%@ page contentType="application/json;charset=UTF-8" %>{"user":"<%= request.getRemoteUser() %>","manager":<%= request.isUserInRole("manager") %>}
