"""(filled in by the staff UI issue)"""

urlpatterns = []
