import { Navigate, useParams } from 'react-router-dom';

/** The address a watch alert carries (/patents/saved/<id>) opens the saved search's page. */
export default function SavedSearchRedirect() {
  const { id } = useParams();
  return <Navigate to={`/saved-searches/${encodeURIComponent(id ?? '')}`} replace />;
}
